package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.Neutron.*;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Neutron's quotas extension (and quota_details): a project's limits, its usage, the defaults, and the projects
 * with limits of their own. Reading another project's quotas and changing any are admin calls. Part of
 * {@link Neutron}; callers hold the world's lock.
 */
final class NeutronQuotas {

    /** Limits Neutron reports for resources the simulator does not count. */
    private static final Map<String, Integer> UNCOUNTED = Map.of("rbac_policy", 10);

    private final World world;

    NeutronQuotas(World world) {
        this.world = world;
    }

    void register(Neutron.Routes routes) {
        routes.add("GET", "/quotas", this::listQuotas);
        routes.add("GET", "/quotas/{project_id}", r -> quotaAnswer(limits(readableProject(r))));
        routes.add("PUT", "/quotas/{project_id}", this::updateQuota);
        routes.add("DELETE", "/quotas/{project_id}", this::resetQuota);
        // Neutron's routes take a format suffix; tempest's client asks for the details and defaults with .json
        for (String suffix : new String[] {"", ".json"}) {
            routes.add("GET", "/quotas/{project_id}/details" + suffix, this::quotaDetails);
            routes.add("GET", "/quotas/{project_id}/default" + suffix, r -> {
                readableProject(r);
                return quotaAnswer(defaults());
            });
        }
    }

    /** The projects with limits of their own (Neutron lists the projects that have quota rows). */
    private SimResponse listQuotas(SimRequest r) {
        if (!r.token().admin()) {
            throw policy("get_quota");
        }
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("quotas");
        world.projects().stream().filter(p -> !limits(p.id()).equals(defaults()))
                .forEach(p -> list.add(limits(p.id()).put("project_id", p.id()).put("tenant_id", p.id())));
        return SimResponse.ok(out);
    }

    private String readableProject(SimRequest r) {
        String projectId = r.param("project_id");
        if (!r.token().admin() && !projectId.equals(r.projectId())) {
            throw policy("get_quota");
        }
        return projectId;
    }

    private static SimResponse quotaAnswer(ObjectNode limits) {
        ObjectNode out = Json.object();
        out.set("quota", limits);
        return SimResponse.ok(out);
    }

    private ObjectNode limits(String projectId) {
        ObjectNode q = Json.object();
        DEFAULT_QUOTAS.keySet().forEach(res -> q.put(res, world.quota(projectId, res)));
        UNCOUNTED.forEach(q::put);
        return q;
    }

    private static ObjectNode defaults() {
        ObjectNode q = Json.object();
        DEFAULT_QUOTAS.forEach(q::put);
        UNCOUNTED.forEach(q::put);
        return q;
    }

    private SimResponse quotaDetails(SimRequest r) {
        String projectId = readableProject(r);
        ObjectNode out = Json.object();
        ObjectNode q = out.putObject("quota");
        DEFAULT_QUOTAS.keySet().forEach(res -> q.putObject(res).put("used", world.usage(projectId, res))
                .put("limit", world.quota(projectId, res)).put("reserved", 0));
        UNCOUNTED.forEach((res, limit) -> q.putObject(res).put("used", 0).put("limit", limit).put("reserved", 0));
        return SimResponse.ok(out);
    }

    private SimResponse updateQuota(SimRequest r) {
        if (!r.token().admin()) {
            throw policy("update_quota");
        }
        JsonNode b = body(r, "quota");
        for (Map.Entry<String, JsonNode> e : b.properties()) {
            if (UNCOUNTED.containsKey(e.getKey())) {
                continue;
            }
            if (!DEFAULT_QUOTAS.containsKey(e.getKey())) {
                throw invalid("Unrecognized attribute(s) '" + e.getKey() + "'");
            }
            world.setQuota(r.param("project_id"), e.getKey(), e.getValue().asInt(-1));
        }
        return quotaAnswer(limits(r.param("project_id")));
    }

    /** Back to the defaults: the project's own limits are dropped. */
    private SimResponse resetQuota(SimRequest r) {
        if (!r.token().admin()) {
            throw policy("delete_quota");
        }
        DEFAULT_QUOTAS.forEach((res, limit) -> world.setQuota(r.param("project_id"), res, limit));
        return SimResponse.noContent();
    }
}
