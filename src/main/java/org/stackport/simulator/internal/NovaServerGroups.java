package org.stackport.simulator.internal;

import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Nova's server groups: one policy each; members join at boot and leave when the server is gone. */
final class NovaServerGroups {

    private final World world;
    private final Nova nova;

    NovaServerGroups(World world, Nova nova) {
        this.world = world;
        this.nova = nova;
    }

    void register(Router router) {
        nova.route(router, "GET", Nova.PREFIX + "/os-server-groups", this::serverGroups);
        nova.route(router, "POST", Nova.PREFIX + "/os-server-groups", this::createServerGroup);
        nova.route(router, "GET", Nova.PREFIX + "/os-server-groups/{id}", r -> Nova.one("server_group", groupView(group(r, r.param("id")), r)));
        nova.route(router, "DELETE", Nova.PREFIX + "/os-server-groups/{id}", r -> {
            world.remove(Kinds.SERVER_GROUP, group(r, r.param("id")).id);
            return SimResponse.noContent();
        });
    }

    // ---- server groups

    private Res group(SimRequest r, String id) {
        return world.get(Kinds.SERVER_GROUP, id).filter(g -> g.projectId.equals(r.projectId()))
                .orElseThrow(() -> ServiceError.nova(404, "itemNotFound", "Instance group " + id + " could not be found."));
    }

    private SimResponse serverGroups(SimRequest r) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("server_groups");
        world.owned(Kinds.SERVER_GROUP, r.projectId()).sorted(Comparator.comparing((Res g) -> g.createdAt).thenComparing(g -> g.body.path("_seq").asLong()))
                .forEach(g -> list.add(groupView(g, r)));
        return SimResponse.ok(body);
    }

    private SimResponse createServerGroup(SimRequest r) {
        JsonNode g = Nova.root(r, "server_group");
        String name = Json.text(g, "name");
        if (name == null || name.isBlank() || name.length() > 255) {
            throw ServiceError.nova(400, "badRequest", "Invalid input for field/attribute name. Value: " + name
                    + ". " + (name == null ? "'name' is a required property" : "'" + name + "' is not a valid name"));
        }
        JsonNode policies = g.get("policies");
        if (policies == null || !policies.isArray() || policies.size() != 1) {
            throw ServiceError.nova(400, "badRequest", "Invalid input for field/attribute policies. Value: "
                    + policies + ". " + (policies == null ? "'policies' is a required property" : policies + " is not valid under any of the given schemas"));
        }
        String policy = policies.get(0).asString();
        // the soft policies came with 2.15
        List<String> allowed = NovaMicroversion.of(r).atLeast(15) ? Nova.POLICIES : Nova.POLICIES.subList(0, 2);
        if (!allowed.contains(policy)) {
            throw ServiceError.nova(400, "badRequest", "Invalid input for field/attribute 0. Value: " + policy + ". '"
                    + policy + "' is not one of [" + String.join(", ", allowed.stream().map(p -> "'" + p + "'").toList()) + "]");
        }
        if (world.exceeds(r.projectId(), "server_groups", 1)) {
            throw ServiceError.nova(403, "forbidden", "Quota exceeded, too many server groups.");
        }
        ObjectNode b = Json.object();
        b.put("name", name);
        b.putArray("policies").add(policy);
        b.putArray("members");
        b.putObject("metadata");
        b.put("user_id", r.token().userId());
        b.put("_seq", Nova.SEQ.incrementAndGet());
        return Nova.one("server_group", groupView(world.add(Kinds.SERVER_GROUP, r.projectId(), b), r));
    }

    /** A group as Nova shows it: its owners from 2.13. */
    private static ObjectNode groupView(Res g, SimRequest r) {
        ObjectNode o = Json.object();
        o.put("id", g.id).put("name", g.name());
        o.set("policies", g.body.path("policies").deepCopy());
        o.set("members", g.body.path("members").deepCopy());
        o.set("metadata", g.body.path("metadata").deepCopy());
        if (NovaMicroversion.of(r).atLeast(13)) {
            o.put("project_id", g.projectId).put("user_id", g.body.path("user_id").asString());
        }
        return o;
    }
}
