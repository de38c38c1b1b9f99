package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.Neutron.*;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Neutron floating IPs: allocation from an external network and association with a port behind a router. A floating
 * IP is DOWN until the L3 agent has wired its association ({@code settings.floatingIpActivate} later it is ACTIVE)
 * and DOWN again once unbound, so code that needs the address reachable must wait for ACTIVE as on a real cloud.
 * Part of {@link Neutron}; callers hold the world's lock.
 */
final class NeutronFloatingIps {

    private final World world;
    private final Neutron neutron;

    NeutronFloatingIps(World world, Neutron neutron) {
        this.world = world;
        this.neutron = neutron;
    }

    Res createFloatingIp(SimRequest r) {
        JsonNode b = body(r, "floatingip");
        String networkId = Json.text(b, "floating_network_id");
        if (networkId == null) {
            throw invalid("Invalid input for operation: 'floating_network_id' is required.");
        }
        Res net = neutron.get(r, Kinds.NETWORK, networkId);
        if (!net.body.path("router:external").asBoolean(false)) {
            throw ServiceError.neutron(400, "BadRequest", "Bad floatingip request: Network " + net.id
                    + " is not a valid external network.");
        }
        String project = projectOf(r, b);
        neutron.quota(project, Kinds.FLOATING_IP);
        String id = World.uuid();
        ObjectNode fixed = Json.object();
        if (Json.text(b, "subnet_id") != null) {
            fixed.put("subnet_id", Json.text(b, "subnet_id"));
        }
        if (Json.text(b, "floating_ip_address") != null) {
            fixed.put("ip_address", Json.text(b, "floating_ip_address"));
        }
        List<String[]> wanted = fixed.isEmpty() ? null : neutron.ports.requestedIps(net, Json.array().add(fixed));
        Res port = Ports.create(world, null, net.id, wanted == null ? null : wanted.getFirst()[0], "", id, OWNER_FLOATING_IP);
        if (wanted != null) {
            neutron.ports.assignIps(port, wanted);
        }
        stamp(world, port.body);
        if (port.body.path("fixed_ips").isEmpty()) {
            world.remove(Kinds.PORT, port.id);
            throw ServiceError.neutron(400, "BadRequest", "Bad floatingip request: Network " + net.id + " has no subnet.");
        }
        ObjectNode body = base(world, project, null, b.path("description").asString(""));
        body.remove("name");
        body.put("id", id);
        body.put("floating_network_id", net.id);
        body.put("floating_ip_address", port.body.path("fixed_ips").path(0).path("ip_address").asString());
        body.putNull("router_id").putNull("port_id").putNull("fixed_ip_address").put("status", "DOWN");
        body.putNull("qos_policy_id").put("dns_domain", "").put("dns_name", "").putNull("port_details");
        Res fip = world.add(Kinds.FLOATING_IP, project, body);
        if (Json.text(b, "port_id") != null) {
            try {
                associate(fip, Json.text(b, "port_id"), Json.text(b, "fixed_ip_address"), r);
            } catch (ServiceError e) {
                world.remove(Kinds.PORT, port.id);
                world.remove(Kinds.FLOATING_IP, fip.id);
                throw e;
            }
        }
        return fip;
    }

    Res updateFloatingIp(SimRequest r) {
        Res fip = neutron.owned(r, Kinds.FLOATING_IP, "update_floatingip");
        refreshFloatingIp(fip);
        JsonNode b = body(r, "floatingip");
        if (b.has("port_id")) {
            String portId = Json.text(b, "port_id");
            if (portId == null) {
                disassociate(fip);
            } else {
                String fixedIp = Json.text(b, "fixed_ip_address");
                if (!portId.equals(Json.text(fip.body, "port_id"))
                        || (fixedIp != null && !fixedIp.equals(Json.text(fip.body, "fixed_ip_address")))) {
                    associate(fip, portId, fixedIp, r);
                }
            }
        }
        copy(b, fip.body, "description");
        neutron.touch(fip);
        return fip;
    }

    void associate(Res fip, String portId, String fixedIp, SimRequest r) {
        Res port = neutron.get(r, Kinds.PORT, portId);
        JsonNode chosen = fixedIpToBind(port, fixedIp);
        String address = chosen.path("ip_address").asString("");
        String subnetId = chosen.path("subnet_id").asString("");
        String networkId = fip.body.path("floating_network_id").asString("");
        boolean taken = world.all(Kinds.FLOATING_IP).filter(f -> !f.id.equals(fip.id))
                .anyMatch(f -> portId.equals(Json.text(f.body, "port_id")) && address.equals(Json.text(f.body, "fixed_ip_address")));
        if (taken) {
            throw ServiceError.neutron(409, "FloatingIPPortAlreadyAssociated", "Cannot associate floating IP "
                    + fip.body.path("floating_ip_address").asString("") + " (" + fip.id + ") with port " + portId
                    + " using fixed IP " + address + ", as that fixed IP already has a floating IP on external network "
                    + networkId + ".");
        }
        Res router = world.all(Kinds.ROUTER).sorted(ORDER)
                .filter(x -> networkId.equals(x.body.path("external_gateway_info").path("network_id").asString("")))
                .filter(x -> neutron.routers.routerPorts(x.id, OWNER_ROUTER_INTERFACE).stream().anyMatch(p -> hasIpOn(p, subnetId)))
                .findFirst().orElseThrow(() -> ServiceError.neutron(404, "ExternalGatewayForFloatingIPNotFound",
                        "External network " + networkId + " is not reachable from subnet " + subnetId
                                + ".  Therefore, cannot associate Port " + portId + " with a Floating IP."));
        fip.body.put("port_id", portId).put("fixed_ip_address", address).put("router_id", router.id).put("status", "DOWN");
        world.startTransition(fip, world.settings.floatingIpActivate());
    }

    /**
     * The port's address a floating IP binds, as Neutron picks it: the one asked for (which must be the port's), or
     * without one the port's only IPv4 address; with several, Neutron refuses to guess.
     */
    private static JsonNode fixedIpToBind(Res port, String fixedIp) {
        if (fixedIp != null) {
            ip(fixedIp, "fixed_ip_address");
            for (JsonNode ip : port.body.path("fixed_ips")) {
                if (fixedIp.equals(ip.path("ip_address").asString(""))) {
                    return ip;
                }
            }
            throw badFloatingIp("Port " + port.id + " does not have fixed ip " + fixedIp);
        }
        List<JsonNode> ipv4 = new ArrayList<>();
        port.body.path("fixed_ips").forEach(ip -> {
            if (!ip.path("ip_address").asString("").contains(":")) {
                ipv4.add(ip);
            }
        });
        if (ipv4.isEmpty()) {
            throw badFloatingIp("Cannot add floating IP to port " + port.id + " that has no fixed IPv4 addresses");
        }
        if (ipv4.size() > 1) {
            throw badFloatingIp("Port " + port.id + " has multiple fixed IPv4 addresses.  Must provide a specific IPv4 "
                    + "address when assigning a floating IP");
        }
        return ipv4.getFirst();
    }

    private static ServiceError badFloatingIp(String message) {
        return ServiceError.neutron(400, "BadRequest", "Bad floatingip request: " + message + ".");
    }

    static void disassociate(Res fip) {
        fip.body.putNull("port_id").putNull("fixed_ip_address").putNull("router_id").put("status", "DOWN");
        fip.readyAt = null;
        fip.stuckUntil = null;
    }

    /**
     * Brings the stored status up to the clock: a floating IP whose port went away (e.g. with its server) is no
     * longer associated; an associated one is ACTIVE once its activation has ended.
     */
    void refreshFloatingIp(Res fip) {
        String portId = Json.text(fip.body, "port_id");
        if (portId != null && world.get(Kinds.PORT, portId).isEmpty()) {
            disassociate(fip);
        } else if (portId != null) {
            fip.body.put("status", fip.settled(world.now()) ? "ACTIVE" : "DOWN");
        }
    }

    SimResponse deleteFloatingIp(SimRequest r) {
        Res fip = neutron.owned(r, Kinds.FLOATING_IP, "delete_floatingip");
        world.all(Kinds.PORT).filter(p -> fip.id.equals(p.body.path("device_id").asString(""))
                        && OWNER_FLOATING_IP.equals(p.body.path("device_owner").asString("")))
                .toList().forEach(p -> world.remove(Kinds.PORT, p.id));
        world.remove(Kinds.FLOATING_IP, fip.id);
        return SimResponse.noContent();
    }
}
