package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.Neutron.*;

import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Neutron networks: create, update and delete (refused while ports other than DHCP's remain). Part of {@link Neutron}; callers hold the world's lock. */
final class NeutronNetworks {

    private static final Set<String> AUTO_DELETED = Set.of(OWNER_DHCP, OWNER_FLOATING_IP);

    private final World world;
    private final Neutron neutron;

    NeutronNetworks(World world, Neutron neutron) {
        this.world = world;
        this.neutron = neutron;
    }

    Res createNetwork(SimRequest r) {
        JsonNode b = body(r, "network");
        String project = projectOf(r, b);
        if (!r.token().admin() && (b.path("shared").asBoolean(false) || b.path("router:external").asBoolean(false))) {
            throw policy("create_network:" + (b.path("shared").asBoolean(false) ? "shared" : "router:external"));
        }
        neutron.quota(project, Kinds.NETWORK);
        return world.add(Kinds.NETWORK, project, networkBody(world, project, b));
    }

    static ObjectNode networkBody(World world, String project, JsonNode b) {
        ObjectNode body = base(world, project, b.path("name").asString(""), b.path("description").asString(""));
        body.put("admin_state_up", b.path("admin_state_up").asBoolean(true));
        body.put("status", "ACTIVE");
        body.put("shared", b.path("shared").asBoolean(false));
        body.put("router:external", b.path("router:external").asBoolean(false));
        body.put("mtu", b.path("mtu").asInt(1450));
        body.put("port_security_enabled", b.path("port_security_enabled").asBoolean(true));
        body.put("is_default", false);
        body.putArray("availability_zone_hints");
        body.putArray("availability_zones").add("nova");
        body.putNull("ipv4_address_scope");
        body.putNull("ipv6_address_scope");
        return body;
    }

    Res updateNetwork(SimRequest r) {
        Res net = neutron.owned(r, Kinds.NETWORK, "update_network");
        JsonNode b = body(r, "network");
        if (!r.token().admin() && (b.has("shared") || b.has("router:external"))) {
            throw policy("update_network:" + (b.has("shared") ? "shared" : "router:external"));
        }
        copy(b, net.body, "name", "description", "admin_state_up", "shared", "router:external", "mtu", "port_security_enabled");
        neutron.touch(net);
        return net;
    }

    SimResponse deleteNetwork(SimRequest r) {
        Res net = neutron.owned(r, Kinds.NETWORK, "delete_network");
        List<Res> ports = world.all(Kinds.PORT).filter(p -> net.id.equals(p.body.path("network_id").asString(""))).toList();
        // DHCP ports and the floating IPs allocated on an external network go with it; any other port keeps it
        if (ports.stream().anyMatch(p -> !AUTO_DELETED.contains(p.body.path("device_owner").asString("")))) {
            throw ServiceError.neutron(409, "NetworkInUse", "Unable to complete operation on network " + net.id
                    + ". There are one or more ports still in use on the network.");
        }
        ports.forEach(p -> {
            if (OWNER_FLOATING_IP.equals(p.body.path("device_owner").asString(""))) {
                world.remove(Kinds.FLOATING_IP, p.body.path("device_id").asString(""));
            }
            world.remove(Kinds.PORT, p.id);
        });
        neutron.subnetsOf(net.id).forEach(s -> world.remove(Kinds.SUBNET, s.id));
        world.remove(Kinds.NETWORK, net.id);
        return SimResponse.noContent();
    }
}
