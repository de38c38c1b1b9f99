package org.stackport.simulator.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Octavia v2 under {@code /load-balancer/v2} and {@code /load-balancer/v2.0}: load balancers with a Neutron VIP
 * port, listeners, pools, members and health monitors. Provisioning runs on the clock: PENDING_CREATE → ACTIVE,
 * PENDING_UPDATE after any change of a child, PENDING_DELETE → gone; while a load balancer is not ACTIVE every
 * change is refused with Octavia's 409 "immutable". Objects whose delete has finished are removed when the next
 * Octavia call (or quota, orphan or status read) sees it.
 */
public final class Octavia implements SimService {

    public static final String PREFIX = "/load-balancer";
    static final List<String> VERSIONS = List.of("/v2", "/v2.0");
    public static final String VIP_OWNER = "Octavia";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final Comparator<Res> ORDER = Comparator.comparing((Res r) -> r.createdAt).thenComparing(r -> r.id);
    /** Octavia's quota resources (world names) and their names in Octavia's messages; Octavia's default is unlimited. */
    private static final Map<String, String> QUOTA_NAMES = quotaNames();
    private static final List<String> CHILD_KINDS = List.of(Kinds.LISTENER, Kinds.POOL, Kinds.MEMBER, Kinds.HEALTH_MONITOR);
    private static final Set<String> LISTENER_PROTOCOLS = Set.of("HTTP", "HTTPS", "TCP", "UDP", "TERMINATED_HTTPS", "SCTP", "PROMETHEUS");
    private static final Set<String> POOL_PROTOCOLS = Set.of("HTTP", "HTTPS", "PROXY", "PROXYV2", "TCP", "UDP", "SCTP");
    private static final Set<String> ALGORITHMS = Set.of("ROUND_ROBIN", "LEAST_CONNECTIONS", "SOURCE_IP", "SOURCE_IP_PORT");
    private static final Set<String> MONITOR_TYPES = Set.of("PING", "TCP", "HTTP", "HTTPS", "TLS-HELLO", "UDP-CONNECT", "SCTP");
    // internal links kept in the stored bodies and never shown
    /** Where a child (listener, pool, member, monitor) keeps its load balancer's id; a member also its pool's. */
    public static final String LB = "_loadbalancer";
    public static final String LISTENER = "_listener";
    public static final String POOL = "_pool";
    /** The pending state of a child while its load balancer applies the change; absent once applied. */
    public static final String PENDING = "_pending";
    private static final String OWNS_VIP_PORT = "_owns_vip_port";

    private final World world;

    public Octavia(World world) {
        this.world = world;
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
        return m;
    }

    @Override
    public void register(Router router) {
        VersionDocuments.octavia(router);
        for (String version : VERSIONS) {
            String p = PREFIX + version + "/lbaas";
            route(router, "GET", p + "/loadbalancers", r -> list(r, Kinds.LOADBALANCER, "loadbalancers", x -> true));
            route(router, "POST", p + "/loadbalancers", r -> created("loadbalancer", createLoadBalancer(r)));
            route(router, "GET", p + "/loadbalancers/{id}", r -> one("loadbalancer", get(r, Kinds.LOADBALANCER, r.param("id"))));
            route(router, "PUT", p + "/loadbalancers/{id}", r -> one("loadbalancer", updateLoadBalancer(r)));
            route(router, "DELETE", p + "/loadbalancers/{id}", this::deleteLoadBalancer);
            route(router, "GET", p + "/loadbalancers/{id}/status", r -> statusTree(get(r, Kinds.LOADBALANCER, r.param("id"))));
            route(router, "GET", p + "/loadbalancers/{id}/stats", r -> stats(get(r, Kinds.LOADBALANCER, r.param("id"))));

            route(router, "GET", p + "/listeners", r -> list(r, Kinds.LISTENER, "listeners", x -> true));
            route(router, "POST", p + "/listeners", r -> created("listener", createListener(r)));
            route(router, "GET", p + "/listeners/{id}", r -> one("listener", get(r, Kinds.LISTENER, r.param("id"))));
            route(router, "PUT", p + "/listeners/{id}", r -> one("listener", update(r, Kinds.LISTENER, "listener",
                    "name", "description", "connection_limit", "default_pool_id", "admin_state_up", "timeout_client_data",
                    "timeout_member_connect", "timeout_member_data", "timeout_tcp_inspect", "insert_headers", "allowed_cidrs",
                    "default_tls_container_ref", "sni_container_refs")));
            route(router, "DELETE", p + "/listeners/{id}", r -> delete(r, Kinds.LISTENER));

            route(router, "GET", p + "/pools", r -> list(r, Kinds.POOL, "pools", x -> true));
            route(router, "POST", p + "/pools", r -> created("pool", createPool(r)));
            route(router, "GET", p + "/pools/{id}", r -> one("pool", get(r, Kinds.POOL, r.param("id"))));
            route(router, "PUT", p + "/pools/{id}", r -> one("pool", update(r, Kinds.POOL, "pool",
                    "name", "description", "lb_algorithm", "session_persistence", "admin_state_up", "tls_enabled")));
            route(router, "DELETE", p + "/pools/{id}", r -> delete(r, Kinds.POOL));

            route(router, "GET", p + "/pools/{pool_id}/members", r -> {
                Res pool = get(r, Kinds.POOL, r.param("pool_id"));
                return list(r, Kinds.MEMBER, "members", m -> pool.id.equals(m.body.path(POOL).asString("")));
            });
            route(router, "POST", p + "/pools/{pool_id}/members", r -> created("member", createMember(r)));
            route(router, "GET", p + "/pools/{pool_id}/members/{id}", r -> one("member", member(r)));
            route(router, "PUT", p + "/pools/{pool_id}/members/{id}", r -> {
                member(r);
                return one("member", update(r, Kinds.MEMBER, "member", "name", "weight", "admin_state_up", "backup",
                        "monitor_address", "monitor_port"));
            });
            route(router, "DELETE", p + "/pools/{pool_id}/members/{id}", r -> {
                member(r);
                return delete(r, Kinds.MEMBER);
            });

            route(router, "GET", p + "/healthmonitors", r -> list(r, Kinds.HEALTH_MONITOR, "healthmonitors", x -> true));
            route(router, "POST", p + "/healthmonitors", r -> created("healthmonitor", createHealthMonitor(r)));
            route(router, "GET", p + "/healthmonitors/{id}", r -> one("healthmonitor", get(r, Kinds.HEALTH_MONITOR, r.param("id"))));
            route(router, "PUT", p + "/healthmonitors/{id}", r -> one("healthmonitor", update(r, Kinds.HEALTH_MONITOR, "healthmonitor",
                    "name", "delay", "timeout", "max_retries", "max_retries_down", "http_method", "url_path", "expected_codes",
                    "admin_state_up", "http_version", "domain_name")));
            route(router, "DELETE", p + "/healthmonitors/{id}", r -> delete(r, Kinds.HEALTH_MONITOR));

            route(router, "GET", p + "/quotas/{project_id}", this::showQuota);
        }
    }

    /** Every call first removes what finished deleting, so reads see Octavia's current state. */
    private void route(Router router, String method, String path, Handler handler) {
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

    // ---- load balancers

    private Res createLoadBalancer(SimRequest r) {
        JsonNode b = body(r, "loadbalancer");
        String project = projectOf(r, b);
        String subnetId = Json.text(b, "vip_subnet_id");
        String networkId = Json.text(b, "vip_network_id");
        String portId = Json.text(b, "vip_port_id");
        if (subnetId == null && networkId == null && portId == null) {
            throw validation("VIP must contain one of: vip_port_id, vip_network_id, vip_subnet_id.");
        }
        Res port = null;
        Res subnet = null;
        Res network;
        if (portId != null) {
            port = world.get(Kinds.PORT, portId).filter(x -> canUse(x, r))
                    .orElseThrow(() -> invalidSubresource("Port", portId));
            network = world.get(Kinds.NETWORK, port.body.path("network_id").asString("")).orElseThrow();
            String portSubnet = port.body.path("fixed_ips").path(0).path("subnet_id").asString("");
            subnet = world.get(Kinds.SUBNET, portSubnet).orElse(null);
        } else if (subnetId != null) {
            subnet = world.get(Kinds.SUBNET, subnetId).filter(x -> canUse(x, r))
                    .orElseThrow(() -> invalidSubresource("Subnet", subnetId));
            network = world.get(Kinds.NETWORK, subnet.body.path("network_id").asString("")).orElseThrow();
            if (networkId != null && !networkId.equals(network.id)) {
                throw validation("vip_subnet_id " + subnetId + " is not in vip_network_id " + networkId + ".");
            }
        } else {
            network = world.get(Kinds.NETWORK, networkId).filter(x -> canUse(x, r))
                    .orElseThrow(() -> invalidSubresource("Network", networkId));
            subnet = world.all(Kinds.SUBNET).filter(s -> network.id.equals(s.body.path("network_id").asString("")))
                    .sorted(ORDER).findFirst().orElseThrow(() -> validation("Supplied network does not contain a subnet."));
        }
        quota(project, Kinds.LOADBALANCER);
        String id = World.uuid();
        boolean ownsPort = port == null;
        if (port == null) {
            if (world.exceeds(project, Kinds.PORT, 1)) {
                throw ServiceError.octavia(409, "Client", "Quota exceeded for resources: ['port'].");
            }
            try {
                port = Ports.create(world, project, network.id, subnet.id, "octavia-lb-" + id, "lb-" + id, VIP_OWNER);
            } catch (ServiceError e) {
                throw ServiceError.octavia(409, "Client", e.getMessage());
            }
            String address = Json.text(b, "vip_address");
            if (address != null) {
                setVipAddress(port, subnet, address);
            }
        } else {
            if (!port.body.path("device_id").asString("").isEmpty()) {
                throw validation("Port " + port.id + " is already in use by device " + port.body.path("device_id").asString("") + ".");
            }
            port.body.put("device_id", "lb-" + id).put("device_owner", VIP_OWNER).put("status", "ACTIVE");
        }
        ObjectNode body = base(project, b);
        body.put("id", id);
        body.put("vip_address", port.body.path("fixed_ips").path(0).path("ip_address").asString(""));
        body.put("vip_port_id", port.id);
        body.put("vip_subnet_id", subnet == null ? null : subnet.id);
        body.put("vip_network_id", network.id);
        body.putNull("vip_qos_policy_id");
        body.put("provider", b.path("provider").asString("amphora"));
        body.putNull("flavor_id");
        body.put("availability_zone", Json.text(b, "availability_zone"));
        body.put(OWNS_VIP_PORT, ownsPort);
        Res lb = world.add(Kinds.LOADBALANCER, project, body);
        world.consumeForcedStatus(Kinds.LOADBALANCER).ifPresent(f -> {
            lb.forcedStatus = f.status();
            lb.body.put("_fault", f.message());
        });
        lb.body.put(PENDING, "PENDING_CREATE");
        world.startTransition(lb, world.settings.loadBalancerCreate());
        return lb;
    }

    private void setVipAddress(Res port, Res subnet, String address) {
        long a = Neutron.ip(address, "vip_address");
        long[] range = Ports.range(subnet.body.path("cidr").asString());
        boolean used = world.all(Kinds.PORT).filter(p -> p != port).anyMatch(p -> {
            for (JsonNode ip : p.body.path("fixed_ips")) {
                if (address.equals(ip.path("ip_address").asString(""))) {
                    return true;
                }
            }
            return false;
        });
        if (a <= range[0] || a >= range[1] || used) {
            world.remove(Kinds.PORT, port.id);
            throw ServiceError.octavia(409, "Client", "IP address " + address + " already allocated in subnet " + subnet.id);
        }
        port.body.putArray("fixed_ips").addObject().put("subnet_id", subnet.id).put("ip_address", address);
    }

    private Res updateLoadBalancer(SimRequest r) {
        Res lb = get(r, Kinds.LOADBALANCER, r.param("id"));
        JsonNode b = body(r, "loadbalancer");
        if (!"ACTIVE".equals(provisioning(lb))) {
            throw pendingState(lb);
        }
        copy(b, lb.body, "name", "description", "admin_state_up", "vip_qos_policy_id");
        beginUpdate(lb, lb, "PENDING_UPDATE");
        return lb;
    }

    private SimResponse deleteLoadBalancer(SimRequest r) {
        Res lb = get(r, Kinds.LOADBALANCER, r.param("id"));
        String status = provisioning(lb);
        if (!status.equals("ACTIVE") && !status.equals("ERROR")) {
            throw pendingState(lb);
        }
        boolean cascade = "true".equalsIgnoreCase(r.query("cascade"));
        List<Res> children = family(lb.id).toList();
        if (!cascade && children.stream().anyMatch(c -> c.kind.equals(Kinds.LISTENER) || c.kind.equals(Kinds.POOL))) {
            throw validation("Cannot delete Load Balancer " + lb.id + " - it has children");
        }
        lb.forcedStatus = null;
        world.startTransition(lb, world.settings.loadBalancerDelete());
        lb.deletingUntil = lb.readyAt;
        children.forEach(c -> c.deletingUntil = lb.readyAt);
        return SimResponse.noContent();
    }

    // ---- listeners, pools, members, health monitors

    private Res createListener(SimRequest r) {
        JsonNode b = body(r, "listener");
        String lbId = required(b, "loadbalancer_id");
        String protocol = oneOf(b, "protocol", LISTENER_PROTOCOLS);
        int port = port(b, "protocol_port");
        Res lb = get(r, Kinds.LOADBALANCER, lbId);
        requireMutable(lb);
        boolean taken = children(lb.id, Kinds.LISTENER).anyMatch(l -> l.body.path("protocol_port").asInt(0) == port
                && l.body.path("protocol").asString("").equals(protocol));
        if (taken) {
            throw ServiceError.octavia(409, "Client", "Another Listener on this Load Balancer is already using protocol "
                    + protocol + " and protocol_port " + port);
        }
        String defaultPool = Json.text(b, "default_pool_id");
        if (defaultPool != null) {
            Res pool = get(r, Kinds.POOL, defaultPool);
            if (!lb.id.equals(pool.body.path(LB).asString(""))) {
                throw validation("Pool " + defaultPool + " is not on load balancer " + lb.id + ".");
            }
        }
        quota(lb.projectId, Kinds.LISTENER);
        ObjectNode body = base(lb.projectId, b);
        body.put(LB, lb.id);
        body.put("protocol", protocol).put("protocol_port", port);
        body.put("connection_limit", b.path("connection_limit").asInt(-1));
        body.put("default_pool_id", defaultPool);
        body.put("default_tls_container_ref", Json.text(b, "default_tls_container_ref"));
        body.set("sni_container_refs", b.path("sni_container_refs").isArray() ? b.get("sni_container_refs").deepCopy() : Json.array());
        body.set("insert_headers", b.path("insert_headers").isObject() ? b.get("insert_headers").deepCopy() : Json.object());
        body.put("timeout_client_data", b.path("timeout_client_data").asInt(50000));
        body.put("timeout_member_connect", b.path("timeout_member_connect").asInt(5000));
        body.put("timeout_member_data", b.path("timeout_member_data").asInt(50000));
        body.put("timeout_tcp_inspect", b.path("timeout_tcp_inspect").asInt(0));
        body.set("allowed_cidrs", b.path("allowed_cidrs").isArray() ? b.get("allowed_cidrs").deepCopy() : null);
        Res listener = world.add(Kinds.LISTENER, lb.projectId, body);
        if (defaultPool != null) {
            world.get(Kinds.POOL, defaultPool).ifPresent(pool -> pool.body.put(LISTENER, listener.id));
        }
        beginUpdate(lb, listener, "PENDING_CREATE");
        return listener;
    }

    private Res createPool(SimRequest r) {
        JsonNode b = body(r, "pool");
        String listenerId = Json.text(b, "listener_id");
        String lbId = Json.text(b, "loadbalancer_id");
        if (listenerId == null && lbId == null) {
            throw validation("Either listener_id or loadbalancer_id must be specified.");
        }
        String protocol = oneOf(b, "protocol", POOL_PROTOCOLS);
        String algorithm = oneOf(b, "lb_algorithm", ALGORITHMS);
        Res listener = listenerId == null ? null : get(r, Kinds.LISTENER, listenerId);
        Res lb = get(r, Kinds.LOADBALANCER, listener != null ? listener.body.path(LB).asString("") : lbId);
        if (lbId != null && !lb.id.equals(lbId)) {
            throw validation("Listener " + listenerId + " is not on load balancer " + lbId + ".");
        }
        requireMutable(lb);
        if (listener != null && Json.text(listener.body, "default_pool_id") != null) {
            throw ServiceError.octavia(409, "Client", "This listener already has a default pool");
        }
        quota(lb.projectId, Kinds.POOL);
        ObjectNode body = base(lb.projectId, b);
        body.put(LB, lb.id);
        body.put(LISTENER, listener == null ? null : listener.id);
        body.put("protocol", protocol).put("lb_algorithm", algorithm);
        body.set("session_persistence", b.path("session_persistence").isObject() ? b.get("session_persistence").deepCopy() : null);
        body.put("tls_enabled", b.path("tls_enabled").asBoolean(false));
        body.putNull("ca_tls_container_ref").putNull("crl_container_ref").putNull("tls_container_ref");
        Res pool = world.add(Kinds.POOL, lb.projectId, body);
        if (listener != null) {
            listener.body.put("default_pool_id", pool.id);
        }
        beginUpdate(lb, pool, "PENDING_CREATE");
        return pool;
    }

    private Res createMember(SimRequest r) {
        Res pool = get(r, Kinds.POOL, r.param("pool_id"));
        JsonNode b = body(r, "member");
        String address = required(b, "address");
        Neutron.ip(address, "address");
        int port = port(b, "protocol_port");
        int weight = b.path("weight").asInt(1);
        if (weight < 0 || weight > 256) {
            throw invalidField("weight", String.valueOf(weight), "Value should be lower or equal to 256");
        }
        String subnetId = Json.text(b, "subnet_id");
        if (subnetId != null && world.get(Kinds.SUBNET, subnetId).filter(s -> canUse(s, r)).isEmpty()) {
            throw invalidSubresource("Subnet", subnetId);
        }
        Res lb = lbOf(pool);
        requireMutable(lb);
        boolean taken = children(lb.id, Kinds.MEMBER).filter(m -> pool.id.equals(m.body.path(POOL).asString("")))
                .anyMatch(m -> m.body.path("address").asString("").equals(address) && m.body.path("protocol_port").asInt(0) == port);
        if (taken) {
            throw ServiceError.octavia(409, "Client", "Another member on this pool is already using ip " + address
                    + " on protocol_port " + port);
        }
        quota(lb.projectId, Kinds.MEMBER);
        ObjectNode body = base(lb.projectId, b);
        body.remove("description");
        body.put(LB, lb.id).put(POOL, pool.id);
        body.put("address", address).put("protocol_port", port).put("weight", weight).put("subnet_id", subnetId);
        body.put("backup", b.path("backup").asBoolean(false));
        body.put("monitor_address", Json.text(b, "monitor_address"));
        body.set("monitor_port", b.hasNonNull("monitor_port") ? b.get("monitor_port").deepCopy() : null);
        Res member = world.add(Kinds.MEMBER, lb.projectId, body);
        beginUpdate(lb, member, "PENDING_CREATE");
        return member;
    }

    private Res createHealthMonitor(SimRequest r) {
        JsonNode b = body(r, "healthmonitor");
        Res pool = get(r, Kinds.POOL, required(b, "pool_id"));
        String type = oneOf(b, "type", MONITOR_TYPES);
        int delay = positive(b, "delay");
        int timeout = positive(b, "timeout");
        int retries = positive(b, "max_retries");
        if (retries > 10) {
            throw invalidField("max_retries", String.valueOf(retries), "Value should be lower or equal to 10");
        }
        if (timeout > delay) {
            throw validation("The request delay value " + delay + " should be larger than the request timeout value " + timeout + ".");
        }
        Res lb = lbOf(pool);
        requireMutable(lb);
        if (children(lb.id, Kinds.HEALTH_MONITOR).anyMatch(h -> pool.id.equals(h.body.path(POOL).asString("")))) {
            throw ServiceError.octavia(409, "Client", "This pool already has a health monitor");
        }
        quota(lb.projectId, Kinds.HEALTH_MONITOR);
        ObjectNode body = base(lb.projectId, b);
        body.remove("description");
        body.put(LB, lb.id).put(POOL, pool.id);
        body.put("type", type).put("delay", delay).put("timeout", timeout).put("max_retries", retries);
        body.put("max_retries_down", b.path("max_retries_down").asInt(3));
        boolean http = type.startsWith("HTTP");
        body.put("http_method", http ? b.path("http_method").asString("GET") : null);
        body.put("url_path", http ? b.path("url_path").asString("/") : null);
        body.put("expected_codes", http ? b.path("expected_codes").asString("200") : null);
        body.put("http_version", http ? b.path("http_version").asDouble(1.0) : null);
        body.put("domain_name", Json.text(b, "domain_name"));
        Res monitor = world.add(Kinds.HEALTH_MONITOR, lb.projectId, body);
        beginUpdate(lb, monitor, "PENDING_CREATE");
        return monitor;
    }

    private Res update(SimRequest r, String kind, String root, String... fields) {
        Res res = get(r, kind, r.param("id"));
        JsonNode b = body(r, root);
        Res lb = lbOf(res);
        requireMutable(lb);
        if (kind.equals(Kinds.LISTENER) && b.hasNonNull("default_pool_id")) {
            Res pool = get(r, Kinds.POOL, Json.text(b, "default_pool_id"));
            if (!lb.id.equals(pool.body.path(LB).asString(""))) {
                throw validation("Pool " + pool.id + " is not on load balancer " + lb.id + ".");
            }
            pool.body.put(LISTENER, res.id);
        }
        copy(b, res.body, fields);
        beginUpdate(lb, res, "PENDING_UPDATE");
        return res;
    }

    private SimResponse delete(SimRequest r, String kind) {
        Res res = get(r, kind, r.param("id"));
        Res lb = lbOf(res);
        requireMutable(lb);
        beginUpdate(lb, null, null);
        List<Res> doomed = new ArrayList<>(List.of(res));
        if (kind.equals(Kinds.POOL)) {
            // a pool goes with its members and health monitor, as in Octavia
            children(lb.id, Kinds.MEMBER).filter(m -> res.id.equals(m.body.path(POOL).asString(""))).forEach(doomed::add);
            children(lb.id, Kinds.HEALTH_MONITOR).filter(h -> res.id.equals(h.body.path(POOL).asString(""))).forEach(doomed::add);
        }
        doomed.forEach(d -> d.deletingUntil = lb.readyAt);
        return SimResponse.noContent();
    }

    private Res member(SimRequest r) {
        Res pool = get(r, Kinds.POOL, r.param("pool_id"));
        Res member = get(r, Kinds.MEMBER, r.param("id"));
        if (!pool.id.equals(member.body.path(POOL).asString(""))) {
            throw notFound(Kinds.MEMBER, member.id);
        }
        return member;
    }

    // ---- provisioning on the clock

    /** Puts the load balancer into PENDING_UPDATE (and the changed object into {@code state}) for loadBalancerUpdate. */
    private void beginUpdate(Res lb, Res changed, String state) {
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

    private String provisioning(Res res) {
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

    private String operating(Res res, String provisioning) {
        if (provisioning.equals("ERROR")) {
            return "ERROR";
        }
        if (provisioning.equals("PENDING_CREATE") || !res.body.path("admin_state_up").asBoolean(true)) {
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

    private boolean finishedDeleting(Res res) {
        if (res.deletingUntil == null) {
            return false;
        }
        Res lb = lbOf(res);
        return lb == null || lb.settled(world.now());
    }

    /** Removes what finished deleting: load balancers with their children and VIP port, and deleted children. */
    private void sweep() {
        for (Res lb : world.all(Kinds.LOADBALANCER).filter(this::finishedDeleting).toList()) {
            family(lb.id).forEach(c -> world.remove(c.kind, c.id));
            if (lb.body.path(OWNS_VIP_PORT).asBoolean(true)) {
                world.remove(Kinds.PORT, lb.body.path("vip_port_id").asString(""));
            } else {
                world.get(Kinds.PORT, lb.body.path("vip_port_id").asString("")).ifPresent(p ->
                        p.body.put("device_id", "").put("device_owner", "").put("status", "DOWN"));
            }
            world.remove(Kinds.LOADBALANCER, lb.id);
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
                }
            }
        }
    }

    private Res lbOf(Res res) {
        if (res.kind.equals(Kinds.LOADBALANCER)) {
            return res;
        }
        return world.get(Kinds.LOADBALANCER, res.body.path(LB).asString("")).orElse(null);
    }

    private Stream<Res> family(String lbId) {
        return CHILD_KINDS.stream().flatMap(k -> children(lbId, k));
    }

    private Stream<Res> children(String lbId, String kind) {
        return world.all(kind).filter(c -> lbId.equals(c.body.path(LB).asString(""))).sorted(ORDER);
    }

    private void requireMutable(Res lb) {
        if (lb == null || !"ACTIVE".equals(provisioning(lb))) {
            throw immutable(lb);
        }
    }

    /**
     * Octavia's quota show: the limits only (-1 unlimited), never the usage. Octavia's answer carries both spellings
     * of two names (load_balancer/loadbalancer, health_monitor/healthmonitor): the underscored ones are documented
     * in the API reference, the others are the current names; L7 objects are not simulated, so their limits are
     * whatever was set (unlimited by default).
     */
    private SimResponse showQuota(SimRequest r) {
        String projectId = r.param("project_id");
        if (!r.token().admin() && !projectId.equals(r.projectId())) {
            throw ServiceError.octavia(403, "Client", "Policy does not allow this request to be performed.");
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
                .put("l7policy", world.quota(projectId, "l7policy"))
                .put("l7rule", world.quota(projectId, "l7rule"))
                .put("project_id", projectId);
        return SimResponse.ok(out);
    }

    private void quota(String projectId, String resource) {
        if (world.exceeds(projectId, resource, 1)) {
            throw ServiceError.octavia(403, "Client", "Quota has been met for resources: " + QUOTA_NAMES.get(resource));
        }
    }

    // ---- views

    /** The status tree: load balancer → listeners → their default pools → members and health monitor. */
    private SimResponse statusTree(Res lb) {
        ObjectNode out = Json.object();
        ObjectNode tree = statusOf(out.putObject("statuses").putObject("loadbalancer"), lb);
        ArrayNode listeners = tree.putArray("listeners");
        children(lb.id, Kinds.LISTENER).forEach(l -> {
            ArrayNode pools = statusOf(listeners.addObject(), l).putArray("pools");
            children(lb.id, Kinds.POOL).filter(p -> l.id.equals(Json.text(p.body, LISTENER))).forEach(p -> {
                ObjectNode pool = statusOf(pools.addObject(), p);
                children(lb.id, Kinds.HEALTH_MONITOR).filter(h -> p.id.equals(h.body.path(POOL).asString("")))
                        .findFirst().ifPresent(h -> statusOf(pool.putObject("health_monitor"), h)
                                .put("type", h.body.path("type").asString("")));
                ArrayNode members = pool.putArray("members");
                children(lb.id, Kinds.MEMBER).filter(m -> p.id.equals(m.body.path(POOL).asString(""))).forEach(m ->
                        statusOf(members.addObject(), m).put("address", m.body.path("address").asString(""))
                                .put("protocol_port", m.body.path("protocol_port").asInt()));
            });
        });
        return SimResponse.ok(out);
    }

    private ObjectNode statusOf(ObjectNode node, Res res) {
        String provisioning = provisioning(res);
        return node.put("id", res.id).put("name", res.name()).put("provisioning_status", provisioning)
                .put("operating_status", operating(res, provisioning));
    }

    /** No traffic passes through a simulated load balancer: its counters stay at zero. */
    private static SimResponse stats(Res lb) {
        ObjectNode out = Json.object();
        out.putObject("stats").put("bytes_in", 0).put("bytes_out", 0).put("active_connections", 0)
                .put("total_connections", 0).put("request_errors", 0);
        return SimResponse.ok(out);
    }

    private SimResponse list(SimRequest r, String kind, String collection, java.util.function.Predicate<Res> scope) {
        List<ObjectNode> views = world.all(kind).filter(x -> visible(x, r)).filter(scope).sorted(ORDER)
                .filter(x -> Neutron.matchesQuery(filterable(x), r.query()))
                .map(this::view).toList();
        ObjectNode out = Neutron.page(r, collection, views);
        if (!out.has(collection + "_links")) {
            out.putArray(collection + "_links");
        }
        return SimResponse.ok(out);
    }

    /** The view plus the links Octavia filters on but does not show (loadbalancer_id, listener_id, pool_id). */
    private ObjectNode filterable(Res res) {
        ObjectNode v = view(res);
        v.put("loadbalancer_id", res.body.path(LB).asString(res.id));
        if (res.body.hasNonNull(LISTENER)) {
            v.put("listener_id", res.body.path(LISTENER).asString(""));
        }
        if (res.body.hasNonNull(POOL)) {
            v.put("pool_id", res.body.path(POOL).asString(""));
        }
        return v;
    }

    private SimResponse one(String root, Res res) {
        ObjectNode out = Json.object();
        out.set(root, view(res));
        return SimResponse.ok(out);
    }

    private SimResponse created(String root, Res res) {
        ObjectNode out = Json.object();
        out.set(root, view(res));
        return SimResponse.created(out);
    }

    private ObjectNode view(Res res) {
        ObjectNode v = Json.object();
        res.body.properties().forEach(e -> {
            if (!e.getKey().startsWith("_")) {
                v.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        String provisioning = provisioning(res);
        v.put("provisioning_status", provisioning);
        v.put("operating_status", operating(res, provisioning));
        switch (res.kind) {
            case Kinds.LOADBALANCER -> {
                ArrayNode listeners = v.putArray("listeners");
                children(res.id, Kinds.LISTENER).forEach(l -> listeners.addObject().put("id", l.id));
                ArrayNode pools = v.putArray("pools");
                children(res.id, Kinds.POOL).forEach(p -> pools.addObject().put("id", p.id));
            }
            case Kinds.LISTENER -> {
                v.putArray("loadbalancers").addObject().put("id", res.body.path(LB).asString(""));
                v.putArray("l7policies");
            }
            case Kinds.POOL -> {
                ArrayNode listeners = v.putArray("listeners");
                if (res.body.hasNonNull(LISTENER)) {
                    listeners.addObject().put("id", res.body.path(LISTENER).asString(""));
                }
                v.putArray("loadbalancers").addObject().put("id", res.body.path(LB).asString(""));
                String lbId = res.body.path(LB).asString("");
                ArrayNode members = v.putArray("members");
                children(lbId, Kinds.MEMBER).filter(m -> res.id.equals(m.body.path(POOL).asString("")))
                        .forEach(m -> members.addObject().put("id", m.id));
                v.put("healthmonitor_id", children(lbId, Kinds.HEALTH_MONITOR)
                        .filter(h -> res.id.equals(h.body.path(POOL).asString(""))).map(h -> h.id).findFirst().orElse(null));
            }
            case Kinds.HEALTH_MONITOR -> v.putArray("pools").addObject().put("id", res.body.path(POOL).asString(""));
            default -> {
            }
        }
        return v;
    }

    // ---- access and validation

    private boolean visible(Res res, SimRequest r) {
        return r.token().admin() || Objects.equals(res.projectId, r.projectId());
    }

    /** Whether the caller may put a VIP or member on a Neutron network, subnet or port (own, shared or external). */
    private boolean canUse(Res res, SimRequest r) {
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
    private Res get(SimRequest r, String kind, String id) {
        Res found = world.get(kind, id == null ? "" : id).filter(x -> !finishedDeleting(x))
                .orElseThrow(() -> notFound(kind, id));
        if (!visible(found, r)) {
            throw ServiceError.octavia(403, "Client", "Policy does not allow this request to be performed.");
        }
        return found;
    }

    private static ServiceError notFound(String kind, String id) {
        String name = switch (kind) {
            case Kinds.LOADBALANCER -> "Load Balancer";
            case Kinds.LISTENER -> "Listener";
            case Kinds.POOL -> "Pool";
            case Kinds.MEMBER -> "Member";
            case Kinds.HEALTH_MONITOR -> "Health Monitor";
            default -> kind;
        };
        return ServiceError.octavia(404, "Client", name + " " + id + " not found.");
    }

    private static ServiceError immutable(Res lb) {
        return ServiceError.octavia(409, "Client", "Load Balancer " + (lb == null ? "" : lb.id) + " is immutable and cannot be updated.");
    }

    /** Octavia's LBPendingStateError: what a change of the load balancer itself meets while it is not ACTIVE. */
    private ServiceError pendingState(Res lb) {
        return ServiceError.octavia(409, "Client", "Invalid state " + provisioning(lb) + " of loadbalancer resource " + lb.id);
    }

    private static ServiceError validation(String detail) {
        return ServiceError.octavia(400, "Client", "Validation failure: " + detail);
    }

    private static ServiceError invalidSubresource(String resource, String id) {
        return ServiceError.octavia(400, "Client", resource + " " + id + " not found.");
    }

    private static ServiceError invalidField(String field, String value, String reason) {
        return ServiceError.octavia(400, "Client", "Invalid input for field/attribute " + field + ". Value: '" + value + "'. " + reason);
    }

    private static JsonNode body(SimRequest r, String root) {
        JsonNode b = r.body() == null ? null : r.body().get(root);
        if (b == null || !b.isObject()) {
            throw invalidField(root, "None", "Mandatory field missing.");
        }
        return b;
    }

    private static String required(JsonNode b, String field) {
        String v = Json.text(b, field);
        if (v == null || v.isEmpty()) {
            throw invalidField(field, "None", "Mandatory field missing.");
        }
        return v;
    }

    private static String oneOf(JsonNode b, String field, Set<String> allowed) {
        String v = required(b, field);
        if (!allowed.contains(v)) {
            throw invalidField(field, v, "Value should be one of: " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return v;
    }

    private static int port(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            throw invalidField(field, "None", "Mandatory field missing.");
        }
        int port = v.asInt(-1);
        if (port < 1 || port > 65535) {
            throw invalidField(field, v.asString(""), port < 1 ? "Value should be greater or equal to 1" : "Value should be lower or equal to 65535");
        }
        return port;
    }

    private static int positive(JsonNode b, String field) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            throw invalidField(field, "None", "Mandatory field missing.");
        }
        int n = v.asInt(-1);
        if (n < 0) {
            throw invalidField(field, v.asString(""), "Value should be greater or equal to 0");
        }
        return n;
    }

    private static String projectOf(SimRequest r, JsonNode b) {
        String asked = Json.text(b, "project_id");
        if (asked == null || asked.equals(r.projectId())) {
            return r.projectId();
        }
        if (!r.token().admin()) {
            throw ServiceError.octavia(403, "Client", "Policy does not allow this request to be performed.");
        }
        return asked;
    }

    private ObjectNode base(String project, JsonNode b) {
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

    private static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String f : fields) {
            if (from.has(f)) {
                to.set(f, from.get(f).deepCopy());
            }
        }
    }
}
