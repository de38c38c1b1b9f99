package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.Octavia.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Octavia answers: objects with their derived statuses and links, lists with Octavia's filters, sorting
 * ({@code sort=key:dir,…} or {@code sort_key}/{@code sort_dir}) and paging, the status tree, statistics and quotas.
 * Part of {@link Octavia}; callers hold the world's lock.
 */
final class OctaviaViews {

    private final Octavia octavia;
    private final World world;

    OctaviaViews(Octavia octavia) {
        this.octavia = octavia;
        this.world = octavia.world;
    }

    SimResponse list(SimRequest r, String kind, String collection, Predicate<Res> scope) {
        java.util.Map<String, List<String>> filters = withoutSort(r);
        List<ObjectNode> views = world.all(kind).filter(x -> octavia.visible(x, r)).filter(scope).sorted(ORDER)
                .filter(x -> Neutron.matchesQuery(filterable(x), filters)).map(this::view)
                .sorted(sorting(r)).toList();
        ObjectNode out = Neutron.page(r, collection, views);
        if (!out.has(collection + "_links")) {
            out.putArray(collection + "_links");
        }
        return SimResponse.ok(out);
    }

    /**
     * A list of the operator's catalogue (flavors, profiles, zones, amphorae): no project, same filters, sorting and
     * paging. Objects without a creation time (flavors, zones and their profiles) come in the order of their ids.
     */
    SimResponse catalog(SimRequest r, String kind, String collection, String linksKey) {
        java.util.Map<String, List<String>> filters = withoutSort(r);
        Comparator<Res> order = kind.equals(OctaviaAmphorae.AMPHORA) ? ORDER : Comparator.comparing((Res x) -> x.id);
        List<ObjectNode> views = world.all(kind).sorted(order).map(OctaviaFlavors::view)
                .filter(v -> Neutron.matchesQuery(v, filters)).sorted(sorting(r)).toList();
        ObjectNode out = Neutron.page(r, collection, views);
        JsonNode next = out.remove(collection + "_links");
        out.set(linksKey, next == null ? Json.array() : next);
        return SimResponse.ok(out);
    }

    /** The query without Octavia's paging and sorting parameters, which are not attribute filters. */
    private static java.util.Map<String, List<String>> withoutSort(SimRequest r) {
        java.util.Map<String, List<String>> q = new java.util.LinkedHashMap<>(r.query());
        q.remove("sort");
        q.remove("page_reverse");
        return q;
    }

    /** Octavia's sort: {@code sort=name:asc,id:desc}, or the older {@code sort_key}/{@code sort_dir}; default created order. */
    private static Comparator<ObjectNode> sorting(SimRequest r) {
        List<String[]> keys = new ArrayList<>();
        String sort = r.query("sort");
        if (sort != null && !sort.isBlank()) {
            for (String part : sort.split(",")) {
                String[] kd = part.trim().split(":");
                keys.add(new String[] {kd[0], kd.length > 1 ? kd[1] : "asc"});
            }
        } else if (r.query("sort_key") != null) {
            keys.add(new String[] {r.query("sort_key"), r.query("sort_dir") == null ? "asc" : r.query("sort_dir")});
        }
        Comparator<ObjectNode> c = (a, b) -> 0;
        for (String[] kd : keys) {
            if (!kd[1].equals("asc") && !kd[1].equals("desc")) {
                throw OctaviaInput.invalidField("sort_dir", kd[1], "Value should be one of: asc, desc");
            }
            Comparator<ObjectNode> byKey = (a, b) -> compare(a.get(kd[0]), b.get(kd[0]));
            c = c.thenComparing(kd[1].equals("desc") ? byKey.reversed() : byKey);
        }
        return c;
    }

    private static int compare(JsonNode a, JsonNode b) {
        boolean aNull = a == null || a.isNull();
        boolean bNull = b == null || b.isNull();
        if (aNull || bNull) {
            return Boolean.compare(!aNull, !bNull);
        }
        if (a.isNumber() && b.isNumber()) {
            return Double.compare(a.asDouble(), b.asDouble());
        }
        return a.asString(a.toString()).compareTo(b.asString(b.toString()));
    }

    /** The view plus the links Octavia filters on but does not show (loadbalancer_id, listener_id, pool_id). */
    private ObjectNode filterable(Res res) {
        ObjectNode v = view(res);
        if (!v.has("loadbalancer_id")) {
            v.put("loadbalancer_id", res.body.path(LB).asString(res.id));
        }
        if (res.body.hasNonNull(LISTENER) && !v.has("listener_id")) {
            v.put("listener_id", res.body.path(LISTENER).asString(""));
        }
        if (res.body.hasNonNull(POOL) && !v.has("pool_id")) {
            v.put("pool_id", res.body.path(POOL).asString(""));
        }
        return v;
    }

    SimResponse one(String root, Res res) {
        ObjectNode out = Json.object();
        out.set(root, view(res));
        return SimResponse.ok(out);
    }

    SimResponse created(String root, Res res) {
        ObjectNode out = Json.object();
        out.set(root, view(res));
        return SimResponse.created(out);
    }

    ObjectNode view(Res res) {
        ObjectNode v = Json.object();
        res.body.properties().forEach(e -> {
            if (!e.getKey().startsWith("_")) {
                v.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        String provisioning = octavia.provisioning(res);
        v.put("provisioning_status", provisioning);
        v.put("operating_status", octavia.operating(res, provisioning));
        String lbId = res.body.path(LB).asString("");
        switch (res.kind) {
            case Kinds.LOADBALANCER -> {
                ArrayNode listeners = v.putArray("listeners");
                octavia.children(res.id, Kinds.LISTENER).forEach(l -> listeners.addObject().put("id", l.id));
                ArrayNode pools = v.putArray("pools");
                octavia.children(res.id, Kinds.POOL).forEach(p -> pools.addObject().put("id", p.id));
            }
            case Kinds.LISTENER -> {
                v.putArray("loadbalancers").addObject().put("id", lbId);
                ArrayNode policies = v.putArray("l7policies");
                octavia.children(lbId, L7POLICY).filter(p -> res.id.equals(p.body.path(LISTENER).asString("")))
                        .forEach(p -> policies.addObject().put("id", p.id));
            }
            case Kinds.POOL -> {
                ArrayNode listeners = v.putArray("listeners");
                octavia.listenersOf(res).forEach(id -> listeners.addObject().put("id", id));
                v.putArray("loadbalancers").addObject().put("id", lbId);
                ArrayNode members = v.putArray("members");
                octavia.children(lbId, Kinds.MEMBER).filter(m -> res.id.equals(m.body.path(POOL).asString("")))
                        .forEach(m -> members.addObject().put("id", m.id));
                v.put("healthmonitor_id", octavia.children(lbId, Kinds.HEALTH_MONITOR)
                        .filter(h -> res.id.equals(h.body.path(POOL).asString(""))).map(h -> h.id).findFirst().orElse(null));
            }
            case Kinds.HEALTH_MONITOR -> v.putArray("pools").addObject().put("id", res.body.path(POOL).asString(""));
            case L7POLICY -> {
                ArrayNode rules = v.putArray("rules");
                octavia.children(lbId, L7RULE).filter(x -> res.id.equals(x.body.path(POLICY).asString("")))
                        .forEach(x -> rules.addObject().put("id", x.id));
            }
            default -> {
            }
        }
        return v;
    }

    /** The status tree: load balancer → listeners → their pools → members and health monitor. */
    SimResponse statusTree(Res lb) {
        ObjectNode out = Json.object();
        ObjectNode tree = statusOf(out.putObject("statuses").putObject("loadbalancer"), lb);
        ArrayNode listeners = tree.putArray("listeners");
        octavia.children(lb.id, Kinds.LISTENER).forEach(l -> {
            ArrayNode pools = statusOf(listeners.addObject(), l).putArray("pools");
            octavia.children(lb.id, Kinds.POOL).filter(p -> l.id.equals(Json.text(p.body, LISTENER))).forEach(p -> {
                ObjectNode pool = statusOf(pools.addObject(), p);
                octavia.children(lb.id, Kinds.HEALTH_MONITOR).filter(h -> p.id.equals(h.body.path(POOL).asString("")))
                        .findFirst().ifPresent(h -> statusOf(pool.putObject("health_monitor"), h)
                                .put("type", h.body.path("type").asString("")));
                ArrayNode members = pool.putArray("members");
                octavia.children(lb.id, Kinds.MEMBER).filter(m -> p.id.equals(m.body.path(POOL).asString(""))).forEach(m ->
                        statusOf(members.addObject(), m).put("address", m.body.path("address").asString(""))
                                .put("protocol_port", m.body.path("protocol_port").asInt()));
            });
        });
        return SimResponse.ok(out);
    }

    private ObjectNode statusOf(ObjectNode node, Res res) {
        String provisioning = octavia.provisioning(res);
        return node.put("id", res.id).put("name", res.name()).put("provisioning_status", provisioning)
                .put("operating_status", octavia.operating(res, provisioning));
    }

    /** No traffic passes through a simulated load balancer: its counters stay at zero. */
    SimResponse stats(Res res, String root) {
        ObjectNode out = Json.object();
        out.putObject(root).put("bytes_in", 0).put("bytes_out", 0).put("active_connections", 0)
                .put("total_connections", 0).put("request_errors", 0);
        return SimResponse.ok(out);
    }

    /**
     * Octavia's quota show: the limits only (-1 unlimited), never the usage. Octavia's answer carries both spellings
     * of two names (load_balancer/loadbalancer, health_monitor/healthmonitor): the underscored ones are documented
     * in the API reference, the others are the current names.
     */
    SimResponse showQuota(SimRequest r) {
        String projectId = r.param("project_id");
        if (!r.token().admin() && !projectId.equals(r.projectId())) {
            throw OctaviaInput.forbidden();
        }
        ObjectNode out = Json.object();
        ObjectNode q = out.putObject("quota");
        int loadBalancers = world.quota(projectId, Kinds.LOADBALANCER);
        int healthMonitors = world.quota(projectId, Kinds.HEALTH_MONITOR);
        q.put("load_balancer", loadBalancers).put("loadbalancer", loadBalancers)
                .put("listener", world.quota(projectId, Kinds.LISTENER))
                .put("member", world.quota(projectId, Kinds.MEMBER))
                .put("pool", world.quota(projectId, Kinds.POOL))
                .put("health_monitor", healthMonitors).put("healthmonitor", healthMonitors)
                .put("l7policy", world.quota(projectId, L7POLICY))
                .put("l7rule", world.quota(projectId, L7RULE))
                .put("project_id", projectId);
        return SimResponse.ok(out);
    }
}
