package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.Octavia.*;
import static org.stackport.simulator.internal.OctaviaInput.*;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Octavia pool members, one at a time or the whole pool's list at once (batch update). Part of {@link Octavia}; callers hold the world's lock. */
final class OctaviaMembers {

    private static final String[] UPDATABLE = {"name", "weight", "admin_state_up", "backup", "monitor_address",
            "monitor_port", "tags"};

    private final Octavia octavia;
    private final World world;

    OctaviaMembers(Octavia octavia) {
        this.octavia = octavia;
        this.world = octavia.world;
    }

    Res create(SimRequest r) {
        Res pool = octavia.get(r, Kinds.POOL, r.param("pool_id"));
        JsonNode b = body(r, "member");
        checkFields(b, r);
        Res lb = octavia.lbOf(pool);
        octavia.requireMutable(lb);
        String address = Json.text(b, "address");
        int port = b.get("protocol_port").asInt();
        if (find(pool, address, port) != null) {
            throw conflict("Another member on this pool is already using ip " + address + " on protocol_port " + port);
        }
        octavia.quota(lb.projectId, Kinds.MEMBER);
        Res member = add(pool, lb, b);
        octavia.beginUpdate(lb, member, "PENDING_CREATE");
        return member;
    }

    /** Octavia's MemberPOST checks: address and protocol_port mandatory, weight 0–256, a subnet the caller may use. */
    private void checkFields(JsonNode b, SimRequest r) {
        String address = required(b, "address");
        Neutron.ip(address, "address");
        port(b, "protocol_port");
        optionalInteger(b, "weight", 0, 256, 1);
        optionalInteger(b, "monitor_port", 1, 65535, null);
        String monitorAddress = Json.text(b, "monitor_address");
        if (monitorAddress != null) {
            Neutron.ip(monitorAddress, "monitor_address");
        }
        String subnetId = Json.text(b, "subnet_id");
        if (subnetId != null && world.get(Kinds.SUBNET, subnetId).filter(s -> octavia.canUse(s, r)).isEmpty()) {
            throw invalidSubresource("Subnet", subnetId);
        }
    }

    private Res find(Res pool, String address, int port) {
        return octavia.children(pool.body.path(LB).asString(""), Kinds.MEMBER)
                .filter(m -> pool.id.equals(m.body.path(POOL).asString("")) && m.deletingUntil == null)
                .filter(m -> m.body.path("address").asString("").equals(address) && m.body.path("protocol_port").asInt(0) == port)
                .findFirst().orElse(null);
    }

    private Res add(Res pool, Res lb, JsonNode b) {
        ObjectNode body = octavia.base(lb.projectId, b);
        body.remove("description");
        body.put(LB, lb.id).put(POOL, pool.id);
        body.put("address", Json.text(b, "address")).put("protocol_port", b.get("protocol_port").asInt())
                .put("weight", b.path("weight").asInt(1)).put("subnet_id", Json.text(b, "subnet_id"));
        body.put("backup", b.path("backup").asBoolean(false));
        body.put("monitor_address", Json.text(b, "monitor_address"));
        body.set("monitor_port", b.hasNonNull("monitor_port") ? b.get("monitor_port").deepCopy() : null);
        return world.add(Kinds.MEMBER, lb.projectId, body);
    }

    Res update(SimRequest r) {
        Res member = member(r);
        JsonNode b = body(r, "member");
        Res lb = octavia.lbOf(member);
        octavia.requireMutable(lb);
        copy(b, member.body, UPDATABLE);
        octavia.beginUpdate(lb, member, "PENDING_UPDATE");
        return member;
    }

    /** A member of the pool in the path: another pool's member is not found there. */
    Res member(SimRequest r) {
        Res pool = octavia.get(r, Kinds.POOL, r.param("pool_id"));
        Res member = octavia.get(r, Kinds.MEMBER, r.param("id"));
        if (!pool.id.equals(member.body.path(POOL).asString(""))) {
            throw notFound(Kinds.MEMBER, member.id);
        }
        return member;
    }

    /**
     * {@code PUT /pools/{id}/members}: the pool's members become the list given, matched by address and port. New
     * ones are created, listed ones updated (fields not given return to their defaults, as Octavia does), and the
     * others deleted unless {@code additive_only=true}. One load-balancer update for all; 202 without a body.
     */
    SimResponse batchUpdate(SimRequest r) {
        Res pool = octavia.get(r, Kinds.POOL, r.param("pool_id"));
        JsonNode list = r.body() == null ? null : r.body().get("members");
        if (list == null || !list.isArray()) {
            throw invalidField("members", "None", "Mandatory field missing.");
        }
        for (JsonNode b : list) {
            if (!b.isObject()) {
                throw invalidField("members", b.toString(), "Value should be an object");
            }
            checkFields(b, r);
        }
        boolean additiveOnly = "true".equalsIgnoreCase(r.query("additive_only"));
        Res lb = octavia.lbOf(pool);
        octavia.requireMutable(lb);
        java.util.List<Res> old = octavia.children(lb.id, Kinds.MEMBER)
                .filter(m -> pool.id.equals(m.body.path(POOL).asString("")) && m.deletingUntil == null).toList();
        java.util.List<JsonNode> created = new java.util.ArrayList<>();
        java.util.Map<Res, JsonNode> updated = new java.util.LinkedHashMap<>();
        for (JsonNode b : list) {
            Res existing = find(pool, Json.text(b, "address"), b.get("protocol_port").asInt());
            if (existing == null) {
                created.add(b);
            } else {
                updated.put(existing, b);
            }
        }
        java.util.List<Res> deleted = additiveOnly ? java.util.List.of()
                : old.stream().filter(m -> !updated.containsKey(m)).toList();
        int more = created.size() - deleted.size();
        if (more > 0 && world.exceeds(lb.projectId, Kinds.MEMBER, more)) {
            throw ServiceError.octavia(403, "Client", "Quota has been met for resources: Member");
        }
        octavia.beginUpdate(lb, null, null);
        created.forEach(b -> add(pool, lb, b).body.put(PENDING, "PENDING_CREATE"));
        updated.forEach((m, b) -> {
            m.body.put("weight", b.path("weight").asInt(1)).put("admin_state_up", b.path("admin_state_up").asBoolean(true))
                    .put("backup", b.path("backup").asBoolean(false));
            copy(b, m.body, "name", "monitor_address", "monitor_port", "tags");
            m.body.put(PENDING, "PENDING_UPDATE");
        });
        deleted.forEach(m -> m.deletingUntil = lb.readyAt);
        return SimResponse.accepted(null);
    }
}
