package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.OctaviaInput.*;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Octavia v2 under {@code /load-balancer/v2} and {@code /load-balancer/v2.0}: load balancers with a Neutron VIP
 * port, listeners, pools, members, health monitors, L7 policies and rules, and the operator's flavors, providers
 * and amphorae. Provisioning runs on the clock: PENDING_CREATE → ACTIVE, PENDING_UPDATE after any change of a
 * child, PENDING_DELETE → gone; while a load balancer is not ACTIVE every change is refused with Octavia's 409
 * "immutable". Objects whose delete has finished are removed when the next Octavia call (or quota, orphan or status
 * read) sees it. This class routes and holds what every object shares (provisioning, access, quotas); each
 * resource's own rules live in a class of its own, the answers' shapes in {@link OctaviaViews}.
 */
public final class Octavia implements SimService {

    public static final String PREFIX = "/load-balancer";
    static final List<String> VERSIONS = List.of("/v2", "/v2.0");
    public static final String VIP_OWNER = "Octavia";
    static final String L7POLICY = "l7policy";
    static final String L7RULE = "l7rule";

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    static final Comparator<Res> ORDER = Comparator.comparing((Res r) -> r.createdAt).thenComparing(r -> r.id);
    /** Octavia's quota resources (world names) and their names in Octavia's messages; Octavia's default is unlimited. */
    private static final Map<String, String> QUOTA_NAMES = quotaNames();
    static final List<String> CHILD_KINDS = List.of(Kinds.LISTENER, Kinds.POOL, Kinds.MEMBER, Kinds.HEALTH_MONITOR,
            L7POLICY, L7RULE);
    // internal links kept in the stored bodies and never shown
    /** Where a child (listener, pool, member, monitor) keeps its load balancer's id; a member also its pool's. */
    public static final String LB = "_loadbalancer";
    public static final String LISTENER = "_listener";
    public static final String POOL = "_pool";
    static final String POLICY = "_l7policy";
    /** The pending state of a child while its load balancer applies the change; absent once applied. */
    public static final String PENDING = "_pending";
    static final String OWNS_VIP_PORT = "_owns_vip_port";

    final World world;
    final OctaviaViews views;
    private final OctaviaLoadBalancers loadBalancers;
    private final OctaviaListeners listeners;
    private final OctaviaPools pools;
    private final OctaviaMembers members;
    private final OctaviaHealthMonitors healthMonitors;
    private final OctaviaL7 l7;
    private final OctaviaFlavors flavors;
    final OctaviaAmphorae amphorae;

    public Octavia(World world) {
        this.world = world;
        this.views = new OctaviaViews(this);
        this.loadBalancers = new OctaviaLoadBalancers(this);
        this.listeners = new OctaviaListeners(this);
        this.pools = new OctaviaPools(this);
        this.members = new OctaviaMembers(this);
        this.healthMonitors = new OctaviaHealthMonitors(this);
        this.l7 = new OctaviaL7(this);
        this.flavors = new OctaviaFlavors(this);
        this.amphorae = new OctaviaAmphorae(this);
        world.beforeRead(this::sweep);
        QUOTA_NAMES.keySet().forEach(resource -> {
            world.defaultQuota(resource, -1);
            world.usageCounter(resource, (w, projectId) -> {
                sweep();
                return (int) w.owned(resource, projectId).count();
            });
        });
        world.orphanDetector(w -> {
            sweep();
            return w.all(Kinds.LOADBALANCER).sorted(ORDER).filter(lb -> "ERROR".equals(provisioning(lb)))
                    .map(lb -> new World.Orphan(lb.kind, lb.id, lb.name(), lb.projectId,
                            "load balancer in ERROR" + (lb.body.hasNonNull("_fault") ? ": " + lb.body.get("_fault").asString("") : "")))
                    .toList();
        });
    }

    private static Map<String, String> quotaNames() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(Kinds.LOADBALANCER, "Load Balancer");
        m.put(Kinds.LISTENER, "Listener");
        m.put(Kinds.POOL, "Pool");
        m.put(Kinds.MEMBER, "Member");
        m.put(Kinds.HEALTH_MONITOR, "Health Monitor");
        m.put(L7POLICY, "L7 Policy");
        m.put(L7RULE, "L7 Rule");
        return m;
    }

    /** The name Octavia's messages give an object kind. */
    static String label(String kind) {
        return QUOTA_NAMES.getOrDefault(kind, kind);
    }

    @Override
    public void register(Router router) {
        VersionDocuments.octavia(router);
        for (String version : VERSIONS) {
            String p = PREFIX + version + "/lbaas";
            route(router, "GET", p + "/loadbalancers", r -> views.list(r, Kinds.LOADBALANCER, "loadbalancers", x -> true));
            route(router, "POST", p + "/loadbalancers", r -> views.created("loadbalancer", loadBalancers.create(r)));
            route(router, "GET", p + "/loadbalancers/{id}", r -> views.one("loadbalancer", get(r, Kinds.LOADBALANCER, r.param("id"))));
            route(router, "PUT", p + "/loadbalancers/{id}", r -> views.one("loadbalancer", loadBalancers.update(r)));
            route(router, "DELETE", p + "/loadbalancers/{id}", loadBalancers::delete);
            route(router, "GET", p + "/loadbalancers/{id}/status", r -> views.statusTree(get(r, Kinds.LOADBALANCER, r.param("id"))));
            route(router, "GET", p + "/loadbalancers/{id}/stats", r -> views.stats(get(r, Kinds.LOADBALANCER, r.param("id")), "stats"));

            route(router, "GET", p + "/listeners", r -> views.list(r, Kinds.LISTENER, "listeners", x -> true));
            route(router, "POST", p + "/listeners", r -> views.created("listener", listeners.create(r)));
            route(router, "GET", p + "/listeners/{id}", r -> views.one("listener", get(r, Kinds.LISTENER, r.param("id"))));
            route(router, "PUT", p + "/listeners/{id}", r -> views.one("listener", listeners.update(r)));
            route(router, "DELETE", p + "/listeners/{id}", r -> delete(r, Kinds.LISTENER));
            route(router, "GET", p + "/listeners/{id}/stats", r -> views.stats(get(r, Kinds.LISTENER, r.param("id")), "stats"));

            route(router, "GET", p + "/pools", r -> views.list(r, Kinds.POOL, "pools", x -> true));
            route(router, "POST", p + "/pools", r -> views.created("pool", pools.create(r)));
            route(router, "GET", p + "/pools/{id}", r -> views.one("pool", get(r, Kinds.POOL, r.param("id"))));
            route(router, "PUT", p + "/pools/{id}", r -> views.one("pool", pools.update(r)));
            route(router, "DELETE", p + "/pools/{id}", r -> delete(r, Kinds.POOL));

            route(router, "GET", p + "/pools/{pool_id}/members", r -> {
                Res pool = get(r, Kinds.POOL, r.param("pool_id"));
                return views.list(r, Kinds.MEMBER, "members", m -> pool.id.equals(m.body.path(POOL).asString("")));
            });
            route(router, "POST", p + "/pools/{pool_id}/members", r -> views.created("member", members.create(r)));
            route(router, "PUT", p + "/pools/{pool_id}/members", members::batchUpdate);
            route(router, "GET", p + "/pools/{pool_id}/members/{id}", r -> views.one("member", members.member(r)));
            route(router, "PUT", p + "/pools/{pool_id}/members/{id}", r -> views.one("member", members.update(r)));
            route(router, "DELETE", p + "/pools/{pool_id}/members/{id}", r -> {
                members.member(r);
                return delete(r, Kinds.MEMBER);
            });

            route(router, "GET", p + "/healthmonitors", r -> views.list(r, Kinds.HEALTH_MONITOR, "healthmonitors", x -> true));
            route(router, "POST", p + "/healthmonitors", r -> views.created("healthmonitor", healthMonitors.create(r)));
            route(router, "GET", p + "/healthmonitors/{id}", r -> views.one("healthmonitor", get(r, Kinds.HEALTH_MONITOR, r.param("id"))));
            route(router, "PUT", p + "/healthmonitors/{id}", r -> views.one("healthmonitor", healthMonitors.update(r)));
            route(router, "DELETE", p + "/healthmonitors/{id}", r -> delete(r, Kinds.HEALTH_MONITOR));

            route(router, "GET", p + "/l7policies", r -> views.list(r, L7POLICY, "l7policies", x -> true));
            route(router, "POST", p + "/l7policies", r -> views.created("l7policy", l7.createPolicy(r)));
            route(router, "GET", p + "/l7policies/{id}", r -> views.one("l7policy", get(r, L7POLICY, r.param("id"))));
            route(router, "PUT", p + "/l7policies/{id}", r -> views.one("l7policy", l7.updatePolicy(r)));
            route(router, "DELETE", p + "/l7policies/{id}", r -> {
                SimResponse answer = delete(r, L7POLICY);
                l7.closeGap(world.get(L7POLICY, r.param("id")).orElseThrow());
                return answer;
            });
            route(router, "GET", p + "/l7policies/{policy_id}/rules", r -> {
                Res policy = l7.policyOf(r);
                return views.list(r, L7RULE, "rules", x -> policy.id.equals(x.body.path(POLICY).asString("")));
            });
            route(router, "POST", p + "/l7policies/{policy_id}/rules", r -> views.created("rule", l7.createRule(r)));
            route(router, "GET", p + "/l7policies/{policy_id}/rules/{id}", r -> views.one("rule", l7.rule(r)));
            route(router, "PUT", p + "/l7policies/{policy_id}/rules/{id}", r -> views.one("rule", l7.updateRule(r)));
            route(router, "DELETE", p + "/l7policies/{policy_id}/rules/{id}", r -> {
                l7.rule(r);
                return delete(r, L7RULE);
            });

            flavors.register(router, p);
            amphorae.register(router, version);
            route(router, "GET", p + "/quotas/{project_id}", views::showQuota);
        }
    }

    /** Every call first removes what finished deleting, so reads see Octavia's current state. */
    void route(Router router, String method, String path, Handler handler) {
        router.add(method, path, r -> {
            sweep();
            return handler.handle(r);
        });
    }

    @Override
    public String statusOf(Res res) {
        if (!res.kind.equals(Kinds.LOADBALANCER) && !CHILD_KINDS.contains(res.kind)) {
            return null;
        }
        return finishedDeleting(res) ? "DELETED" : provisioning(res);
    }

    // ---- deletes of children

    /**
     * Deletes a child: it goes PENDING_DELETE with its load balancer in PENDING_UPDATE, and is gone when the update
     * ends. What hangs on it goes with it, as in Octavia: a pool's members and health monitor, a listener's L7
     * policies and their rules, a policy's rules.
     */
    SimResponse delete(SimRequest r, String kind) {
        Res res = get(r, kind, r.param("id"));
        Res lb = lbOf(res);
        requireMutable(lb);
        beginUpdate(lb, null, null);
        List<Res> doomed = new java.util.ArrayList<>(List.of(res));
        switch (kind) {
            case Kinds.POOL -> {
                children(lb.id, Kinds.MEMBER).filter(m -> res.id.equals(m.body.path(POOL).asString(""))).forEach(doomed::add);
                children(lb.id, Kinds.HEALTH_MONITOR).filter(h -> res.id.equals(h.body.path(POOL).asString(""))).forEach(doomed::add);
            }
            case Kinds.LISTENER -> children(lb.id, L7POLICY).filter(p -> res.id.equals(p.body.path(LISTENER).asString("")))
                    .forEach(p -> {
                        doomed.add(p);
                        children(lb.id, L7RULE).filter(x -> p.id.equals(x.body.path(POLICY).asString(""))).forEach(doomed::add);
                    });
            case L7POLICY -> children(lb.id, L7RULE).filter(x -> res.id.equals(x.body.path(POLICY).asString(""))).forEach(doomed::add);
            default -> {
            }
        }
        doomed.forEach(d -> d.deletingUntil = lb.readyAt);
        return SimResponse.noContent();
    }

    // ---- provisioning on the clock

    /** Puts the load balancer into PENDING_UPDATE (and the changed object into {@code state}) for loadBalancerUpdate. */
    void beginUpdate(Res lb, Res changed, String state) {
        family(lb.id).forEach(c -> c.body.remove(PENDING));
        lb.body.put(PENDING, "PENDING_UPDATE");
        if (changed != null && changed != lb) {
            changed.body.put(PENDING, state);
        }
        Instant now = world.now();
        lb.body.put("updated_at", TIME.format(now));
        if (changed != null) {
            changed.body.put("updated_at", TIME.format(now));
        }
        world.startTransition(lb, world.settings.loadBalancerUpdate());
    }

    String provisioning(Res res) {
        Res lb = lbOf(res);
        if (res.deletingUntil != null || (lb != null && lb.deletingUntil != null)) {
            return "PENDING_DELETE";
        }
        if (lb == null) {
            return "ACTIVE";
        }
        if (!lb.settled(world.now())) {
            String state = res.body.path(PENDING).asString("");
            return state.isEmpty() ? "ACTIVE" : state;
        }
        if (res == lb && lb.forcedStatus != null) {
            return lb.forcedStatus;
        }
        return "ACTIVE";
    }

    String operating(Res res, String provisioning) {
        if (provisioning.equals("ERROR")) {
            return "ERROR";
        }
        if (provisioning.equals("PENDING_CREATE") || !res.body.path("admin_state_up").asBoolean(true)) {
            return "OFFLINE";
        }
        if (res.kind.equals(Kinds.POOL) && listenersOf(res).isEmpty()) {
            // a pool no listener sends traffic to is in no amphora's configuration
            return "OFFLINE";
        }
        if (res.kind.equals(Kinds.MEMBER)) {
            String pool = res.body.path(POOL).asString("");
            boolean monitored = world.all(Kinds.HEALTH_MONITOR).anyMatch(h -> pool.equals(h.body.path(POOL).asString(""))
                    && h.deletingUntil == null);
            return monitored ? "ONLINE" : "NO_MONITOR";
        }
        return "ONLINE";
    }

    /** The listeners that send traffic to a pool: as their default pool, or through an L7 policy's redirect. */
    List<String> listenersOf(Res pool) {
        java.util.LinkedHashSet<String> ids = new java.util.LinkedHashSet<>();
        if (pool.body.hasNonNull(LISTENER)) {
            ids.add(pool.body.path(LISTENER).asString(""));
        }
        world.all(L7POLICY).filter(p -> pool.id.equals(Json.text(p.body, "redirect_pool_id")) && p.deletingUntil == null)
                .sorted(ORDER).forEach(p -> ids.add(p.body.path(LISTENER).asString("")));
        return List.copyOf(ids);
    }

    boolean finishedDeleting(Res res) {
        if (res.deletingUntil == null) {
            return false;
        }
        Res lb = lbOf(res);
        return lb == null || lb.settled(world.now());
    }

    /** Removes what finished deleting: load balancers with their children and VIP port, and deleted children. */
    void sweep() {
        for (Res lb : world.all(Kinds.LOADBALANCER).filter(this::finishedDeleting).toList()) {
            family(lb.id).forEach(c -> world.remove(c.kind, c.id));
            if (lb.body.path(OWNS_VIP_PORT).asBoolean(true)) {
                world.remove(Kinds.PORT, lb.body.path("vip_port_id").asString(""));
            } else {
                world.get(Kinds.PORT, lb.body.path("vip_port_id").asString("")).ifPresent(p ->
                        p.body.put("device_id", "").put("device_owner", "").put("status", "DOWN"));
            }
            world.remove(Kinds.LOADBALANCER, lb.id);
            amphorae.release(lb.id);
        }
        for (String kind : CHILD_KINDS) {
            for (Res child : world.all(kind).filter(this::finishedDeleting).toList()) {
                world.remove(kind, child.id);
                if (kind.equals(Kinds.LISTENER)) {
                    world.all(Kinds.POOL).filter(p -> child.id.equals(Json.text(p.body, LISTENER)))
                            .forEach(p -> p.body.putNull(LISTENER));
                } else if (kind.equals(Kinds.POOL)) {
                    world.all(Kinds.LISTENER).filter(l -> child.id.equals(Json.text(l.body, "default_pool_id")))
                            .forEach(l -> l.body.putNull("default_pool_id"));
                    world.all(L7POLICY).filter(p -> child.id.equals(Json.text(p.body, "redirect_pool_id")))
                            .forEach(p -> p.body.putNull("redirect_pool_id"));
                }
            }
        }
    }

    Res lbOf(Res res) {
        if (res.kind.equals(Kinds.LOADBALANCER)) {
            return res;
        }
        return world.get(Kinds.LOADBALANCER, res.body.path(LB).asString("")).orElse(null);
    }

    Stream<Res> family(String lbId) {
        return CHILD_KINDS.stream().flatMap(k -> children(lbId, k));
    }

    Stream<Res> children(String lbId, String kind) {
        return world.all(kind).filter(c -> lbId.equals(c.body.path(LB).asString(""))).sorted(ORDER);
    }

    void requireMutable(Res lb) {
        if (lb == null || !"ACTIVE".equals(provisioning(lb))) {
            throw immutable("Load Balancer", lb == null ? "" : lb.id);
        }
    }

    /** Octavia's LBPendingStateError: what a change of the load balancer itself meets while it is not ACTIVE. */
    ServiceError pendingState(Res lb) {
        return ServiceError.octavia(409, "Client", "Invalid state " + provisioning(lb) + " of loadbalancer resource " + lb.id);
    }

    // ---- access

    boolean visible(Res res, SimRequest r) {
        return r.token().admin() || Objects.equals(res.projectId, r.projectId());
    }

    /** Whether the caller may put a VIP or member on a Neutron network, subnet or port (own, shared or external). */
    boolean canUse(Res res, SimRequest r) {
        if (r.token().admin() || Objects.equals(res.projectId, r.projectId())) {
            return true;
        }
        String networkId = res.kind.equals(Kinds.NETWORK) ? res.id : res.body.path("network_id").asString("");
        // Octavia makes the VIP port with its own service account: any network the caller can see will do
        return world.get(Kinds.NETWORK, networkId).map(n -> n.body.path("shared").asBoolean(false)
                || n.body.path("router:external").asBoolean(false)).orElse(false);
    }

    /**
     * Octavia finds an object whatever its project, then checks the caller's right to it: another project's object
     * is a 403 "Policy does not allow this request to be performed.", not a 404 (unlike Nova and Neutron).
     */
    Res get(SimRequest r, String kind, String id) {
        Res found = world.get(kind, id == null ? "" : id).filter(x -> !finishedDeleting(x))
                .orElseThrow(() -> notFound(kind, id));
        if (!visible(found, r)) {
            throw forbidden();
        }
        return found;
    }

    static String projectOf(SimRequest r, JsonNode b) {
        String asked = Json.text(b, "project_id");
        if (asked == null || asked.equals(r.projectId())) {
            return r.projectId();
        }
        if (!r.token().admin()) {
            throw forbidden();
        }
        return asked;
    }

    void quota(String projectId, String resource) {
        if (world.exceeds(projectId, resource, 1)) {
            throw ServiceError.octavia(403, "Client", "Quota has been met for resources: " + label(resource));
        }
    }

    /** The fields every Octavia object has, from a create request. */
    ObjectNode base(String project, JsonNode b) {
        ObjectNode body = Json.object();
        body.put("name", b.path("name").asString(""));
        body.put("description", b.path("description").asString(""));
        body.put("project_id", project);
        body.put("admin_state_up", b.path("admin_state_up").asBoolean(true));
        body.set("tags", b.path("tags").isArray() ? b.get("tags").deepCopy() : Json.array());
        String now = TIME.format(world.now());
        body.put("created_at", now).put("updated_at", now);
        return body;
    }
}
