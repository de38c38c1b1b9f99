package org.stackport.simulator.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;

/**
 * A server's security groups as Nova with Neutron keeps them: on the server's ports, not on the server. Nova reads
 * them from the ports for its views (a server without ports shows none) and changes them through the ports for the
 * addSecurityGroup and removeSecurityGroup actions (nova/network/security_group_api.py).
 */
final class NovaSecurityGroups {

    private NovaSecurityGroups() {
    }

    /** The names of the groups on the server's ports, each once, in the order the ports list them. */
    static List<String> names(World world, Res server) {
        Set<String> names = new LinkedHashSet<>();
        for (Res port : ports(world, server)) {
            for (JsonNode id : port.body.path("security_groups")) {
                world.get(Kinds.SECURITY_GROUP, id.asString()).ifPresent(g -> names.add(g.name()));
            }
        }
        return List.copyOf(names);
    }

    static void add(World world, Res server, String nameOrId) {
        Res group = find(world, server, nameOrId);
        for (Res port : requirePorts(world, server)) {
            ArrayNode groups = groupsOf(port);
            if (!contains(groups, group.id)) {
                groups.add(group.id);
            }
        }
    }

    static void remove(World world, Res server, String nameOrId) {
        Res group = find(world, server, nameOrId);
        boolean found = false;
        for (Res port : requirePorts(world, server)) {
            ArrayNode groups = groupsOf(port);
            for (int i = groups.size() - 1; i >= 0; i--) {
                if (group.id.equals(groups.get(i).asString())) {
                    groups.remove(i);
                    found = true;
                }
            }
        }
        if (!found) {
            throw ServiceError.nova(404, "itemNotFound", "Security group " + nameOrId + " not associated with the instance " + server.id);
        }
    }

    /** Neutron's find by name or id among the groups the server's project sees. */
    private static Res find(World world, Res server, String nameOrId) {
        List<Res> matches = world.visible(Kinds.SECURITY_GROUP, server.projectId).filter(g -> g.id.equals(nameOrId)).toList();
        if (matches.isEmpty()) {
            matches = world.visible(Kinds.SECURITY_GROUP, server.projectId).filter(g -> g.name().equals(nameOrId)).toList();
        }
        if (matches.isEmpty()) {
            throw ServiceError.nova(404, "itemNotFound", "Security group " + nameOrId + " is not found for project " + server.projectId);
        }
        if (matches.size() > 1) {
            throw ServiceError.nova(409, "conflictingRequest", "Multiple security_group matches found for name '" + nameOrId
                    + "', use an ID to be more specific.");
        }
        return matches.getFirst();
    }

    private static List<Res> requirePorts(World world, Res server) {
        List<Res> ports = ports(world, server);
        if (ports.isEmpty()) {
            throw ServiceError.nova(404, "itemNotFound", "instance_id " + server.id + " could not be found as device id on any ports");
        }
        return ports;
    }

    private static List<Res> ports(World world, Res server) {
        List<Res> ports = new ArrayList<>();
        for (JsonNode p : server.body.path("_ports")) {
            world.get(Kinds.PORT, p.asString()).filter(port -> server.id.equals(port.body.path("device_id").asString())).ifPresent(ports::add);
        }
        return ports;
    }

    private static ArrayNode groupsOf(Res port) {
        return port.body.get("security_groups") instanceof ArrayNode a ? a : port.body.putArray("security_groups");
    }

    private static boolean contains(ArrayNode groups, String id) {
        for (JsonNode g : groups) {
            if (id.equals(g.asString())) {
                return true;
            }
        }
        return false;
    }
}
