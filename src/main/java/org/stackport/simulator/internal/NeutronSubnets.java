package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.Neutron.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Neutron subnets: CIDR, gateway and allocation pools validated as Neutron does; delete refused while ports hold addresses. Part of {@link Neutron}; callers hold the world's lock. */
final class NeutronSubnets {

    private final World world;
    private final Neutron neutron;

    NeutronSubnets(World world, Neutron neutron) {
        this.world = world;
        this.neutron = neutron;
    }

    Res createSubnet(SimRequest r) {
        JsonNode b = body(r, "subnet");
        String networkId = Json.text(b, "network_id");
        if (networkId == null) {
            throw invalid("Invalid input for operation: 'network_id' is required.");
        }
        Res net = neutron.get(r, Kinds.NETWORK, networkId);
        String project = projectOf(r, b);
        if (!r.token().admin() && !Objects.equals(net.projectId, project)) {
            throw policy("create_subnet");
        }
        if (b.path("ip_version").asInt(4) != 4) {
            throw invalid("Invalid input for ip_version. Reason: the simulator serves IPv4 subnets only.");
        }
        String cidr = Json.text(b, "cidr");
        String poolId = Json.text(b, "subnetpool_id");
        Res pool = null;
        if (poolId != null) {
            pool = neutron.get(r, NeutronSubnetPools.KIND, poolId);
            cidr = neutron.subnetPools.allocate(pool, cidr == null ? null : normalizedCidr(cidr), b.get("prefixlen"));
        }
        if (cidr == null) {
            throw ServiceError.neutron(400, "BadRequest", "Bad subnets request: a subnetpool must be specified in the absence of a cidr.");
        }
        String normalized = normalizedCidr(cidr);
        long[] range = Ports.range(normalized);
        neutron.subnetsOf(net.id).forEach(other -> {
            long[] o = Ports.range(other.body.path("cidr").asString());
            if (range[0] <= o[1] && o[0] <= range[1]) {
                throw invalid("Invalid input for operation: Requested subnet with cidr: " + normalized + " for network: "
                        + net.id + " overlaps with another subnet.");
            }
        });
        neutron.quota(project, Kinds.SUBNET);
        ObjectNode body = subnetBody(net, project, b, cidr);
        if (pool != null) {
            body.put("subnetpool_id", pool.id);
        }
        return world.add(Kinds.SUBNET, project, body);
    }

    /** A subnet's body, its gateway, allocation pools and DNS servers validated as Neutron does. */
    ObjectNode subnetBody(Res net, String project, JsonNode b, String cidr) {
        String normalized = normalizedCidr(cidr);
        long[] range = Ports.range(normalized);
        ObjectNode body = base(world, project, b.path("name").asString(""), b.path("description").asString(""));
        body.put("network_id", net.id);
        body.put("cidr", normalized);
        body.put("ip_version", 4);
        Long gateway;
        if (b.has("gateway_ip")) {
            String g = Json.text(b, "gateway_ip");
            gateway = g == null ? null : ip(g, "gateway_ip");
            if (gateway != null && (gateway <= range[0] || gateway >= range[1])) {
                throw invalid("Invalid input for operation: Gateway IP " + g + " is not in subnet " + normalized + ".");
            }
        } else {
            gateway = range[0] + 1;
        }
        if (gateway == null) {
            body.putNull("gateway_ip");
        } else {
            body.put("gateway_ip", Ports.toIp(gateway));
        }
        body.set("allocation_pools", pools(b.get("allocation_pools"), range, gateway, normalized));
        ArrayNode dns = body.putArray("dns_nameservers");
        for (JsonNode d : b.path("dns_nameservers")) {
            ip(d.asString(""), "dns_nameservers");
            dns.add(d.asString(""));
        }
        body.set("host_routes", b.path("host_routes").isArray() ? b.get("host_routes").deepCopy() : Json.array());
        body.put("enable_dhcp", b.path("enable_dhcp").asBoolean(true));
        body.putNull("subnetpool_id");
        body.putNull("ipv6_address_mode");
        body.putNull("ipv6_ra_mode");
        body.putArray("service_types");
        return body;
    }

    /** The CIDR as Neutron stores it; 400 when malformed, not a network address or too small for hosts. */
    static String normalizedCidr(String cidr) {
        long[] range = cidrRange(cidr);
        String normalized = Ports.toIp(range[0]) + "/" + cidr.strip().substring(cidr.strip().indexOf('/') + 1);
        if (!normalized.equals(cidr.strip())) {
            throw invalid("Invalid input for cidr. Reason: '" + cidr + "' isn't a recommended CIDR, it should be '" + normalized + "'.");
        }
        if (range[1] - range[0] < 3) {
            throw invalid("Invalid input for cidr. Reason: '" + cidr + "' is too small for a subnet.");
        }
        return normalized;
    }

    static ArrayNode pools(JsonNode requested, long[] range, Long gateway, String cidr) {
        ArrayNode out = Json.array();
        List<long[]> pools = new ArrayList<>();
        if (requested != null && requested.isArray()) {
            for (JsonNode p : requested) {
                long start = ip(p.path("start").asString(""), "allocation_pools");
                long end = ip(p.path("end").asString(""), "allocation_pools");
                if (start > end || start <= range[0] || end >= range[1]) {
                    throw ServiceError.neutron(400, "InvalidAllocationPool", "The allocation pool " + Ports.toIp(start) + "-"
                            + Ports.toIp(end) + " spans beyond the subnet cidr " + cidr + ".");
                }
                for (long[] other : pools) {
                    if (start <= other[1] && other[0] <= end) {
                        throw ServiceError.neutron(400, "OverlappingAllocationPools", "Found overlapping allocation pools: "
                                + Ports.toIp(start) + "-" + Ports.toIp(end) + " and " + Ports.toIp(other[0]) + "-"
                                + Ports.toIp(other[1]) + " for subnet " + cidr + ".");
                    }
                }
                if (gateway != null && start <= gateway && gateway <= end) {
                    throw ServiceError.neutron(400, "GatewayConflictWithAllocationPools", "Gateway ip " + Ports.toIp(gateway)
                            + " conflicts with allocation pool " + Ports.toIp(start) + "-" + Ports.toIp(end) + ".");
                }
                pools.add(new long[] {start, end});
            }
        } else {
            long first = range[0] + 1;
            long last = range[1] - 1;
            if (gateway == null || gateway < first || gateway > last) {
                pools.add(new long[] {first, last});
            } else {
                if (gateway > first) {
                    pools.add(new long[] {first, gateway - 1});
                }
                if (gateway < last) {
                    pools.add(new long[] {gateway + 1, last});
                }
            }
        }
        pools.forEach(p -> out.addObject().put("start", Ports.toIp(p[0])).put("end", Ports.toIp(p[1])));
        return out;
    }

    Res updateSubnet(SimRequest r) {
        Res subnet = neutron.owned(r, Kinds.SUBNET, "update_subnet");
        JsonNode b = body(r, "subnet");
        ObjectNode merged = subnet.body.deepCopy();
        copy(b, merged, "name", "description", "enable_dhcp", "host_routes", "dns_nameservers", "gateway_ip", "allocation_pools");
        if (!b.has("allocation_pools")) {
            merged.remove("allocation_pools");
            if (!b.has("gateway_ip")) {
                merged.set("allocation_pools", subnet.body.get("allocation_pools"));
            }
        }
        Res net = world.get(Kinds.NETWORK, subnet.body.path("network_id").asString("")).orElseThrow();
        ObjectNode fresh = subnetBody(net, subnet.projectId, merged, subnet.body.path("cidr").asString());
        for (String f : List.of("name", "description", "enable_dhcp", "host_routes", "dns_nameservers", "gateway_ip", "allocation_pools")) {
            subnet.body.set(f, fresh.get(f));
        }
        neutron.touch(subnet);
        return subnet;
    }

    SimResponse deleteSubnet(SimRequest r) {
        Res subnet = neutron.owned(r, Kinds.SUBNET, "delete_subnet");
        boolean inUse = world.all(Kinds.PORT)
                .filter(p -> !OWNER_DHCP.equals(p.body.path("device_owner").asString("")))
                .anyMatch(p -> hasIpOn(p, subnet.id));
        if (inUse) {
            throw ServiceError.neutron(409, "SubnetInUse", "Unable to complete operation on subnet " + subnet.id
                    + ": One or more ports have an IP allocation from this subnet.");
        }
        world.remove(Kinds.SUBNET, subnet.id);
        return SimResponse.noContent();
    }
}
