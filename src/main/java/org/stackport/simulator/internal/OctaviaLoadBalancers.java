package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.Octavia.*;
import static org.stackport.simulator.internal.OctaviaInput.*;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Octavia load balancers: the VIP port made in Neutron (or the caller's port adopted), PENDING_CREATE on the
 * clock, updates and deletes refused while not ACTIVE, cascade delete. Part of {@link Octavia}; callers hold the
 * world's lock.
 */
final class OctaviaLoadBalancers {

    private final Octavia octavia;
    private final World world;

    OctaviaLoadBalancers(Octavia octavia) {
        this.octavia = octavia;
        this.world = octavia.world;
    }

    Res create(SimRequest r) {
        JsonNode b = body(r, "loadbalancer");
        String project = projectOf(r, b);
        String subnetId = Json.text(b, "vip_subnet_id");
        String networkId = Json.text(b, "vip_network_id");
        String portId = Json.text(b, "vip_port_id");
        if (subnetId == null && networkId == null && portId == null) {
            throw validation("VIP must contain one of: vip_port_id, vip_network_id, vip_subnet_id.");
        }
        Res port = null;
        Res subnet = null;
        Res network;
        if (portId != null) {
            port = world.get(Kinds.PORT, portId).filter(x -> octavia.canUse(x, r))
                    .orElseThrow(() -> invalidSubresource("Port", portId));
            network = world.get(Kinds.NETWORK, port.body.path("network_id").asString("")).orElseThrow();
            String portSubnet = port.body.path("fixed_ips").path(0).path("subnet_id").asString("");
            subnet = world.get(Kinds.SUBNET, portSubnet).orElse(null);
        } else if (subnetId != null) {
            subnet = world.get(Kinds.SUBNET, subnetId).filter(x -> octavia.canUse(x, r))
                    .orElseThrow(() -> invalidSubresource("Subnet", subnetId));
            network = world.get(Kinds.NETWORK, subnet.body.path("network_id").asString("")).orElseThrow();
            if (networkId != null && !networkId.equals(network.id)) {
                throw validation("vip_subnet_id " + subnetId + " is not in vip_network_id " + networkId + ".");
            }
        } else {
            network = world.get(Kinds.NETWORK, networkId).filter(x -> octavia.canUse(x, r))
                    .orElseThrow(() -> invalidSubresource("Network", networkId));
            subnet = world.all(Kinds.SUBNET).filter(s -> network.id.equals(s.body.path("network_id").asString("")))
                    .sorted(ORDER).findFirst().orElseThrow(() -> validation("Supplied network does not contain a subnet."));
        }
        String provider = b.path("provider").asString("amphora");
        if (!OctaviaFlavors.PROVIDERS.containsKey(provider)) {
            throw ServiceError.octavia(400, "Client", "Provider '" + provider + "' is not enabled.");
        }
        String flavorId = Json.text(b, "flavor_id");
        if (flavorId != null) {
            Res flavor = world.get(OctaviaFlavors.FLAVOR, flavorId).orElseThrow(() -> validation("Invalid flavor_id."));
            if (!flavor.body.path("enabled").asBoolean(true)) {
                throw disabled("flavor", flavorId);
            }
        }
        String zone = Json.text(b, "availability_zone");
        if (zone != null) {
            Res az = world.get(OctaviaFlavors.ZONE, zone).orElseThrow(() -> validation("Invalid availability zone name."));
            if (!az.body.path("enabled").asBoolean(true)) {
                throw disabled("availability_zone", zone);
            }
        }
        octavia.quota(project, Kinds.LOADBALANCER);
        String id = World.uuid();
        boolean ownsPort = port == null;
        if (port == null) {
            if (world.exceeds(project, Kinds.PORT, 1)) {
                throw ServiceError.octavia(409, "Client", "Quota exceeded for resources: ['port'].");
            }
            try {
                port = Ports.create(world, project, network.id, subnet.id, "octavia-lb-" + id, "lb-" + id, VIP_OWNER);
            } catch (ServiceError e) {
                throw ServiceError.octavia(409, "Client", e.getMessage());
            }
            String address = Json.text(b, "vip_address");
            if (address != null) {
                setVipAddress(port, subnet, address);
            }
        } else {
            if (!port.body.path("device_id").asString("").isEmpty()) {
                throw validation("Port " + port.id + " is already in use by device " + port.body.path("device_id").asString("") + ".");
            }
            port.body.put("device_id", "lb-" + id).put("device_owner", VIP_OWNER).put("status", "ACTIVE");
        }
        ObjectNode body = octavia.base(project, b);
        body.put("id", id);
        body.put("vip_address", port.body.path("fixed_ips").path(0).path("ip_address").asString(""));
        body.put("vip_port_id", port.id);
        body.put("vip_subnet_id", subnet == null ? null : subnet.id);
        body.put("vip_network_id", network.id);
        body.putNull("vip_qos_policy_id");
        body.put("provider", provider);
        body.put("flavor_id", flavorId);
        body.put("availability_zone", zone);
        body.put(OWNS_VIP_PORT, ownsPort);
        Res lb = world.add(Kinds.LOADBALANCER, project, body);
        world.consumeForcedStatus(Kinds.LOADBALANCER).ifPresent(f -> {
            lb.forcedStatus = f.status();
            lb.body.put("_fault", f.message());
        });
        lb.body.put(PENDING, "PENDING_CREATE");
        world.startTransition(lb, world.settings.loadBalancerCreate());
        octavia.amphorae.boot(lb);
        return lb;
    }

    /** Octavia's DisabledOption. */
    private static ServiceError disabled(String option, String value) {
        return ServiceError.octavia(400, "Client", "The selected " + option + " is not allowed in this deployment: " + value);
    }

    private void setVipAddress(Res port, Res subnet, String address) {
        long a = Neutron.ip(address, "vip_address");
        long[] range = Ports.range(subnet.body.path("cidr").asString());
        boolean used = world.all(Kinds.PORT).filter(p -> p != port).anyMatch(p -> {
            for (JsonNode ip : p.body.path("fixed_ips")) {
                if (address.equals(ip.path("ip_address").asString(""))) {
                    return true;
                }
            }
            return false;
        });
        if (a <= range[0] || a >= range[1] || used) {
            world.remove(Kinds.PORT, port.id);
            throw ServiceError.octavia(409, "Client", "IP address " + address + " already allocated in subnet " + subnet.id);
        }
        port.body.putArray("fixed_ips").addObject().put("subnet_id", subnet.id).put("ip_address", address);
    }

    Res update(SimRequest r) {
        Res lb = octavia.get(r, Kinds.LOADBALANCER, r.param("id"));
        JsonNode b = body(r, "loadbalancer");
        if (!"ACTIVE".equals(octavia.provisioning(lb))) {
            throw octavia.pendingState(lb);
        }
        copy(b, lb.body, "name", "description", "admin_state_up", "vip_qos_policy_id", "tags");
        octavia.beginUpdate(lb, lb, "PENDING_UPDATE");
        return lb;
    }

    SimResponse delete(SimRequest r) {
        Res lb = octavia.get(r, Kinds.LOADBALANCER, r.param("id"));
        String status = octavia.provisioning(lb);
        if (!status.equals("ACTIVE") && !status.equals("ERROR")) {
            throw octavia.pendingState(lb);
        }
        boolean cascade = "true".equalsIgnoreCase(r.query("cascade"));
        List<Res> children = octavia.family(lb.id).toList();
        if (!cascade && children.stream().anyMatch(c -> c.kind.equals(Kinds.LISTENER) || c.kind.equals(Kinds.POOL))) {
            throw validation("Cannot delete Load Balancer " + lb.id + " - it has children");
        }
        lb.forcedStatus = null;
        world.startTransition(lb, world.settings.loadBalancerDelete());
        lb.deletingUntil = lb.readyAt;
        children.forEach(c -> c.deletingUntil = lb.readyAt);
        return SimResponse.noContent();
    }
}
