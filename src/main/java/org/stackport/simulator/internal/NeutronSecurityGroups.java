package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.Neutron.*;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Neutron security groups and their rules; the default group cannot be removed by members, a group in use cannot be removed. Part of {@link Neutron}; callers hold the world's lock. */
final class NeutronSecurityGroups {

    private final World world;
    private final Neutron neutron;

    NeutronSecurityGroups(World world, Neutron neutron) {
        this.world = world;
        this.neutron = neutron;
    }

    Res createSecurityGroup(SimRequest r) {
        JsonNode b = body(r, "security_group");
        notDefault(b);
        String project = projectOf(r, b);
        neutron.quota(project, Kinds.SECURITY_GROUP);
        Res sg = world.add(Kinds.SECURITY_GROUP, project,
                base(world, project, b.path("name").asString(""), b.path("description").asString("")).put("stateful", true));
        addRule(world, sg, "egress", "IPv4", null, null, null, null, null);
        addRule(world, sg, "egress", "IPv6", null, null, null, null, null);
        return sg;
    }

    Res updateSecurityGroup(SimRequest r) {
        Res sg = neutron.owned(r, Kinds.SECURITY_GROUP, "update_security_group");
        JsonNode b = body(r, "security_group");
        notDefault(b);
        if (DEFAULT_SECURITY_GROUP.equals(sg.name()) && b.has("name") && !DEFAULT_SECURITY_GROUP.equals(Json.text(b, "name"))) {
            throw ServiceError.neutron(409, "SecurityGroupCannotUpdateDefault", "Updating default security group not allowed.");
        }
        copy(b, sg.body, "name", "description");
        neutron.touch(sg);
        return sg;
    }

    /** The name validator (type:name_not_default): only Neutron itself makes a group called default. */
    private static void notDefault(JsonNode b) {
        if (b.path("name").isString() && b.path("name").asString().equalsIgnoreCase(DEFAULT_SECURITY_GROUP)) {
            throw ServiceError.neutron(409, "SecurityGroupDefaultAlreadyExists", "Default security group already exists.");
        }
    }

    SimResponse deleteSecurityGroup(SimRequest r) {
        Res sg = neutron.owned(r, Kinds.SECURITY_GROUP, "delete_security_group");
        if (DEFAULT_SECURITY_GROUP.equals(sg.name()) && !r.token().admin()) {
            throw ServiceError.neutron(409, "SecurityGroupCannotRemoveDefault", "Insufficient rights for removing default security group.");
        }
        boolean inUse = world.all(Kinds.PORT).anyMatch(p -> {
            for (JsonNode g : p.body.path("security_groups")) {
                if (sg.id.equals(g.asString(""))) {
                    return true;
                }
            }
            return false;
        });
        if (inUse) {
            throw ServiceError.neutron(409, "SecurityGroupInUse", "Security Group " + sg.id + " in use.");
        }
        world.all(Kinds.SECURITY_GROUP_RULE)
                .filter(rule -> sg.id.equals(rule.body.path("security_group_id").asString(""))
                        || sg.id.equals(Json.text(rule.body, "remote_group_id")))
                .toList().forEach(rule -> world.remove(Kinds.SECURITY_GROUP_RULE, rule.id));
        world.remove(Kinds.SECURITY_GROUP, sg.id);
        return SimResponse.noContent();
    }

    Res createRule(SimRequest r) {
        JsonNode b = body(r, "security_group_rule");
        String sgId = Json.text(b, "security_group_id");
        if (sgId == null) {
            throw invalid("Invalid input for operation: 'security_group_id' is required.");
        }
        Res sg = neutron.get(r, Kinds.SECURITY_GROUP, sgId);
        requireOwner(sg, r, "create_security_group_rule");
        String direction = b.path("direction").asString("");
        if (!direction.equals("ingress") && !direction.equals("egress")) {
            throw invalid("Invalid input for direction. Reason: '" + direction + "' is not in ['ingress', 'egress'].");
        }
        String ethertype = b.path("ethertype").asString("IPv4");
        if (!ethertype.equals("IPv4") && !ethertype.equals("IPv6")) {
            throw invalid("Invalid input for ethertype. Reason: '" + ethertype + "' is not in ['IPv4', 'IPv6'].");
        }
        String protocol = Json.text(b, "protocol");
        if (protocol != null) {
            protocol = protocol.toLowerCase(java.util.Locale.ROOT);
            if (!Set.of("tcp", "udp", "icmp", "icmpv6", "sctp", "any").contains(protocol) && parseInt(protocol, -1) < 0) {
                throw ServiceError.neutron(400, "SecurityGroupRuleInvalidProtocol", "Security group rule protocol "
                        + protocol + " not supported. Only protocol values [None, 'tcp', 'udp', 'icmp', 'icmpv6', 'sctp'] and integer representations [0 to 255] are supported.");
            }
            if (protocol.equals("any")) {
                protocol = null;
            }
        }
        Integer min = b.hasNonNull("port_range_min") ? b.get("port_range_min").asInt(-1) : null;
        Integer max = b.hasNonNull("port_range_max") ? b.get("port_range_max").asInt(-1) : null;
        if ((min != null || max != null) && protocol == null) {
            throw invalid("Invalid input for operation: Must also specify protocol if port range is given.");
        }
        // the attribute conversion (neutron-lib convert_validate_port_value) comes before the protocol's own checks
        for (Integer port : new Integer[] {min, max}) {
            if (port != null && (port < 0 || port > 65535)) {
                throw invalid("Invalid input for operation: Invalid value for port " + port + ".");
            }
        }
        if (protocol != null && Set.of("tcp", "udp", "sctp", "6", "17", "132").contains(protocol) && (min != null || max != null)) {
            if (Objects.equals(min, 0) || Objects.equals(max, 0)) {
                throw ServiceError.neutron(400, "SecurityGroupInvalidPortValue", "Invalid value for port 0.");
            }
            if (min == null || max == null || min > max) {
                throw ServiceError.neutron(400, "SecurityGroupInvalidPortRange",
                        "For TCP/UDP protocols, port_range_min must be <= port_range_max.");
            }
        }
        if (protocol != null && Set.of("icmp", "icmpv6", "1", "58").contains(protocol)) {
            if (min != null && min > 255) {
                throw ServiceError.neutron(400, "SecurityGroupInvalidIcmpValue",
                        "Invalid value for ICMP type (port_range_min) " + min + ". It must be 0 to 255.");
            }
            if (max != null && max > 255) {
                throw ServiceError.neutron(400, "SecurityGroupInvalidIcmpValue",
                        "Invalid value for ICMP code (port_range_max) " + max + ". It must be 0 to 255.");
            }
            if (min == null && max != null) {
                throw ServiceError.neutron(400, "SecurityGroupMissingIcmpType",
                        "ICMP code (port-range-max) " + max + " is provided but ICMP type (port-range-min) is missing.");
            }
        }
        String prefix = Json.text(b, "remote_ip_prefix");
        String remoteGroup = Json.text(b, "remote_group_id");
        if (prefix != null && remoteGroup != null) {
            throw ServiceError.neutron(400, "SecurityGroupRemoteGroupAndRemoteIpPrefix",
                    "Only remote_ip_prefix or remote_group_id may be provided.");
        }
        if (prefix != null && !prefix.contains(":")) {
            if (ethertype.equals("IPv6")) {
                throw ServiceError.neutron(400, "SecurityGroupRuleParameterConflict",
                        "Conflicting value ethertype IPv6 for CIDR " + prefix);
            }
            long[] range = cidrRange(prefix.contains("/") ? prefix : prefix + "/32");
            prefix = Ports.toIp(range[0]) + "/" + (prefix.contains("/") ? prefix.substring(prefix.indexOf('/') + 1) : "32");
        }
        if (remoteGroup != null) {
            neutron.get(r, Kinds.SECURITY_GROUP, remoteGroup);
        }
        String finalProtocol = protocol;
        String finalPrefix = prefix;
        Optional<Res> same = rulesOf(sg.id).filter(x -> x.body.path("direction").asString("").equals(direction)
                && x.body.path("ethertype").asString("").equals(ethertype)
                && Objects.equals(Json.text(x.body, "protocol"), finalProtocol)
                && Objects.equals(intOrNull(x.body, "port_range_min"), min)
                && Objects.equals(intOrNull(x.body, "port_range_max"), max)
                && Objects.equals(Json.text(x.body, "remote_ip_prefix"), finalPrefix)
                && Objects.equals(Json.text(x.body, "remote_group_id"), remoteGroup)).findFirst();
        if (same.isPresent()) {
            throw ServiceError.neutron(409, "SecurityGroupRuleExists", "Security group rule already exists. Rule id is "
                    + same.get().id + ".");
        }
        neutron.quota(sg.projectId, Kinds.SECURITY_GROUP_RULE);
        Res rule = addRule(world, sg, direction, ethertype, protocol, min, max, prefix, remoteGroup);
        rule.body.put("description", b.path("description").asString(""));
        return rule;
    }

    static Integer intOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asInt(0);
    }

    static Res addRule(World world, Res sg, String direction, String ethertype, String protocol, Integer min,
                               Integer max, String prefix, String remoteGroup) {
        ObjectNode body = base(world, sg.projectId, null, "");
        body.remove("name");
        body.remove("tags");
        body.put("security_group_id", sg.id);
        body.put("direction", direction);
        body.put("ethertype", ethertype);
        body.put("protocol", protocol);
        body.put("port_range_min", min);
        body.put("port_range_max", max);
        body.put("remote_ip_prefix", prefix);
        body.put("remote_group_id", remoteGroup);
        body.putNull("remote_address_group_id");
        body.put("normalized_cidr", prefix);
        return world.add(Kinds.SECURITY_GROUP_RULE, sg.projectId, body);
    }

    Stream<Res> rulesOf(String sgId) {
        return world.all(Kinds.SECURITY_GROUP_RULE).filter(x -> sgId.equals(x.body.path("security_group_id").asString("")))
                .sorted(ORDER);
    }

    SimResponse deleteRule(SimRequest r) {
        Res rule = neutron.get(r, Kinds.SECURITY_GROUP_RULE, r.param("id"));
        requireOwner(rule, r, "delete_security_group_rule");
        world.remove(Kinds.SECURITY_GROUP_RULE, rule.id);
        return SimResponse.noContent();
    }
}
