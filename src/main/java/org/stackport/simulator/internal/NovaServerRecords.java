package org.stackport.simulator.internal;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Nova records about a server beside its state: the instance actions (one per create, delete, reboot, stop,
 * start, rebuild, lock and unlock, under the request id of the call that asked for it), the password the guest
 * posted to the metadata service (none: no guest runs), and the nova-network virtual interfaces, which a cloud
 * with Neutron does not list.
 */
final class NovaServerRecords {

    private final World world;
    private final Nova nova;

    NovaServerRecords(World world, Nova nova) {
        this.world = world;
        this.nova = nova;
    }

    void register(Router router) {
        nova.route(router, "GET", Nova.PREFIX + "/servers/{id}/os-instance-actions", r -> {
            Res s = nova.server(r, r.param("id"));
            ObjectNode body = Json.object();
            ArrayNode list = body.putArray("instanceActions");
            // newest first, as Nova lists them
            JsonNode actions = s.body.path("_actions");
            for (int i = actions.size() - 1; i >= 0; i--) {
                list.add(view(actions.get(i), false));
            }
            return SimResponse.ok(body);
        });
        nova.route(router, "GET", Nova.PREFIX + "/servers/{id}/os-instance-actions/{request}", r -> {
            Res s = nova.server(r, r.param("id"));
            for (JsonNode a : s.body.path("_actions")) {
                if (a.path("request_id").asString().equals(r.param("request"))) {
                    // the events are for admins (policy os_compute_api:os-instance-actions:events)
                    return Nova.one("instanceAction", view(a, r.token().admin()));
                }
            }
            throw ServiceError.nova(404, "itemNotFound", "Action for request_id " + r.param("request") + " on instance " + s.id
                    + " not found");
        });
        nova.route(router, "GET", Nova.PREFIX + "/servers/{id}/os-server-password", r -> {
            Res s = nova.server(r, r.param("id"));
            ObjectNode body = Json.object();
            body.put("password", s.body.path("_password").asString(""));
            return SimResponse.ok(body);
        });
        nova.route(router, "DELETE", Nova.PREFIX + "/servers/{id}/os-server-password", r -> {
            nova.server(r, r.param("id")).body.remove("_password");
            return SimResponse.noContent();
        });
        nova.route(router, "GET", Nova.PREFIX + "/servers/{id}/os-virtual-interfaces", r -> {
            nova.server(r, r.param("id"));
            if (NovaMicroversion.of(r).atLeast(44)) {
                throw ServiceError.nova(404, "itemNotFound", "The resource could not be found.");
            }
            throw Nova.badRequest("Listing virtual interfaces is not supported by this cloud.");
        });
    }

    /** Records an action on the server under the request's id, by the request's user and project. */
    void record(Res s, String action, SimRequest r) {
        ArrayNode actions = s.body.get("_actions") instanceof ArrayNode a ? a : s.body.putArray("_actions");
        actions.addObject().put("action", action).put("instance_uuid", s.id).put("request_id", Nova.requestId(r))
                .put("user_id", r.token().userId()).put("project_id", r.projectId())
                .put("start_time", Nova.isoMicros(world.now())).putNull("message");
    }

    private ObjectNode view(JsonNode action, boolean withEvents) {
        ObjectNode o = ((ObjectNode) action).deepCopy();
        if (withEvents) {
            String start = action.path("start_time").asString();
            o.putArray("events").addObject().put("event", "compute_" + action.path("action").asString() + "_instance")
                    .put("start_time", start).put("finish_time", start).put("result", "Success");
        }
        return o;
    }
}
