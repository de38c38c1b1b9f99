package org.stackport.simulator.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Neutron v2.0 under {@code /network/v2.0}: networks, subnets, ports, routers (gateway and interfaces),
 * security groups and rules, floating IPs, tags and quotas, with Neutron's validation and error bodies.
 * Seeds the external network {@code public} and the tenant network {@code private} of project dev.
 */
public final class Neutron implements SimService {

    public static final String PREFIX = "/network/v2.0";
    public static final String OWNER_ROUTER_INTERFACE = "network:router_interface";
    public static final String OWNER_ROUTER_GATEWAY = "network:router_gateway";
    public static final String OWNER_FLOATING_IP = "network:floatingip";
    public static final String OWNER_DHCP = "network:dhcp";
    public static final String DEFAULT_SECURITY_GROUP = "default";

    /** Neutron's default quotas ([quotas] in neutron.conf); the resource names are also the kinds counted. */
    static final Map<String, Integer> DEFAULT_QUOTAS = defaultQuotas();

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    /** Query parameters that are not attribute filters. */
    private static final Set<String> CONTROL = Set.of("fields", "limit", "marker", "sort_key", "sort_dir", "page_reverse",
            "tags", "tags-any", "not-tags", "not-tags-any", "fixed_ips");
    /** Tag routes: URL collection → kind. */
    private static final Map<String, String> TAGGABLE = Map.of("networks", Kinds.NETWORK, "subnets", Kinds.SUBNET,
            "ports", Kinds.PORT, "routers", Kinds.ROUTER, "security-groups", Kinds.SECURITY_GROUP,
            "floatingips", Kinds.FLOATING_IP);
    private static final Comparator<Res> ORDER = Comparator.comparing((Res r) -> r.createdAt).thenComparing(r -> r.id);

    private final World world;

    public Neutron(World world) {
        this.world = world;
        DEFAULT_QUOTAS.forEach((resource, limit) -> {
            world.defaultQuota(resource, limit);
            world.usageCounter(resource, (w, projectId) -> (int) w.owned(resource, projectId).count());
        });
        world.orphanDetector(this::orphans);
        world.locked(this::seed);
    }

    private static Map<String, Integer> defaultQuotas() {
        Map<String, Integer> q = new LinkedHashMap<>();
        q.put(Kinds.NETWORK, 100);
        q.put(Kinds.SUBNET, 100);
        q.put(Kinds.PORT, 500);
        q.put(Kinds.ROUTER, 10);
        q.put(Kinds.FLOATING_IP, 50);
        q.put(Kinds.SECURITY_GROUP, 10);
        q.put(Kinds.SECURITY_GROUP_RULE, 100);
        return Collections.unmodifiableMap(q);
    }

    private void seed() {
        String admin = world.project("admin", null).orElseThrow().id();
        String dev = world.project("dev", null).orElseThrow().id();
        // creating a project's first network creates its default security group, as Neutron does
        defaultSecurityGroup(world, admin);
        defaultSecurityGroup(world, dev);
        // external but not shared, as devstack makes it: every project sees it, only admins put ports on it
        Res pub = world.add(Kinds.NETWORK, admin, networkBody(world, admin, Json.object().put("name", "public")
                .put("shared", false).put("router:external", true)));
        world.add(Kinds.SUBNET, admin, subnetBody(pub, admin, Json.object().put("name", "public-subnet")
                .put("enable_dhcp", false), "172.24.4.0/24"));
        Res priv = world.add(Kinds.NETWORK, dev, networkBody(world, dev, Json.object().put("name", "private")));
        ObjectNode privSubnet = Json.object().put("name", "private-subnet");
        privSubnet.putArray("dns_nameservers").add("8.8.8.8").add("8.8.4.4");
        world.add(Kinds.SUBNET, dev, subnetBody(priv, dev, privSubnet, "10.0.0.0/16"));
    }

    // ---- helpers other services use (under the world's lock)

    /** The project's security group "default", created with Neutron's four default rules when missing. */
    public static Res defaultSecurityGroup(World world, String projectId) {
        return world.owned(Kinds.SECURITY_GROUP, projectId).filter(sg -> DEFAULT_SECURITY_GROUP.equals(sg.name()))
                .findFirst().orElseGet(() -> {
                    Res sg = world.add(Kinds.SECURITY_GROUP, projectId,
                            base(world, projectId, DEFAULT_SECURITY_GROUP, "Default security group").put("stateful", true));
                    addRule(world, sg, "egress", "IPv4", null, null, null, null, null);
                    addRule(world, sg, "egress", "IPv6", null, null, null, null, null);
                    addRule(world, sg, "ingress", "IPv4", null, null, null, null, sg.id);
                    addRule(world, sg, "ingress", "IPv6", null, null, null, null, sg.id);
                    return sg;
                });
    }

    /**
     * Neutron-style list filtering, also used by Octavia: every query parameter that names an attribute of the
     * view must match (a repeated parameter matches any of its values); tag filters as Neutron's tag extension.
     */
    public static boolean matchesQuery(JsonNode view, Map<String, List<String>> query) {
        for (Map.Entry<String, List<String>> e : query.entrySet()) {
            if (CONTROL.contains(e.getKey())) {
                continue;
            }
            JsonNode v = view.get(e.getKey());
            if (v != null && !matchesValue(v, e.getValue())) {
                return false;
            }
        }
        return tagsMatch(view.path("tags"), query);
    }

    /** Applies {@code ?fields=}, {@code ?marker=} and {@code ?limit=} to sorted views (collection: e.g. "networks"). */
    public static ObjectNode page(SimRequest r, String collection, List<ObjectNode> views) {
        List<ObjectNode> items = views;
        String marker = r.query("marker");
        if (marker != null) {
            int at = -1;
            for (int i = 0; i < items.size(); i++) {
                if (marker.equals(items.get(i).path("id").asString(""))) {
                    at = i;
                }
            }
            items = items.subList(at + 1, items.size());
        }
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray(collection);
        int limit = parseInt(r.query("limit"), -1);
        boolean more = limit > 0 && items.size() > limit;
        List<ObjectNode> shown = more ? items.subList(0, limit) : items;
        shown.forEach(v -> list.add(project(v, r.queryAll("fields"))));
        if (more) {
            String host = r.headers().getOrDefault("host", "127.0.0.1");
            out.putArray(collection + "_links").addObject().put("rel", "next")
                    .put("href", r.scheme() + "://" + host + r.path() + "?limit=" + limit + "&marker=" + shown.getLast().path("id").asString());
        }
        return out;
    }

    static ObjectNode project(ObjectNode view, List<String> fields) {
        if (fields.isEmpty()) {
            return view;
        }
        ObjectNode out = Json.object();
        fields.forEach(f -> {
            if (view.has(f)) {
                out.set(f, view.get(f));
            }
        });
        return out;
    }

    // ---- routes

    @Override
    public void register(Router router) {
        route(router, "GET", "/networks", r -> list(r, Kinds.NETWORK, "networks"));
        route(router, "POST", "/networks", r -> created("network", createNetwork(r)));
        route(router, "GET", "/networks/{id}", r -> one("network", get(r, Kinds.NETWORK, r.param("id")), r));
        route(router, "PUT", "/networks/{id}", r -> one("network", updateNetwork(r), r));
        route(router, "DELETE", "/networks/{id}", this::deleteNetwork);

        route(router, "GET", "/subnets", r -> list(r, Kinds.SUBNET, "subnets"));
        route(router, "POST", "/subnets", r -> created("subnet", createSubnet(r)));
        route(router, "GET", "/subnets/{id}", r -> one("subnet", get(r, Kinds.SUBNET, r.param("id")), r));
        route(router, "PUT", "/subnets/{id}", r -> one("subnet", updateSubnet(r), r));
        route(router, "DELETE", "/subnets/{id}", this::deleteSubnet);

        route(router, "GET", "/ports", r -> list(r, Kinds.PORT, "ports"));
        route(router, "POST", "/ports", r -> created("port", createPort(r)));
        route(router, "GET", "/ports/{id}", r -> one("port", get(r, Kinds.PORT, r.param("id")), r));
        route(router, "PUT", "/ports/{id}", r -> one("port", updatePort(r), r));
        route(router, "DELETE", "/ports/{id}", this::deletePort);

        route(router, "GET", "/routers", r -> list(r, Kinds.ROUTER, "routers"));
        route(router, "POST", "/routers", r -> created("router", createRouter(r)));
        route(router, "GET", "/routers/{id}", r -> one("router", get(r, Kinds.ROUTER, r.param("id")), r));
        route(router, "PUT", "/routers/{id}", r -> one("router", updateRouter(r), r));
        route(router, "DELETE", "/routers/{id}", this::deleteRouter);
        route(router, "PUT", "/routers/{id}/add_router_interface", this::addRouterInterface);
        route(router, "PUT", "/routers/{id}/remove_router_interface", this::removeRouterInterface);

        route(router, "GET", "/security-groups", r -> list(r, Kinds.SECURITY_GROUP, "security_groups"));
        route(router, "POST", "/security-groups", r -> created("security_group", createSecurityGroup(r)));
        route(router, "GET", "/security-groups/{id}", r -> one("security_group", get(r, Kinds.SECURITY_GROUP, r.param("id")), r));
        route(router, "PUT", "/security-groups/{id}", r -> one("security_group", updateSecurityGroup(r), r));
        route(router, "DELETE", "/security-groups/{id}", this::deleteSecurityGroup);

        route(router, "GET", "/security-group-rules", r -> list(r, Kinds.SECURITY_GROUP_RULE, "security_group_rules"));
        route(router, "POST", "/security-group-rules", r -> created("security_group_rule", createRule(r)));
        route(router, "GET", "/security-group-rules/{id}", r -> one("security_group_rule", get(r, Kinds.SECURITY_GROUP_RULE, r.param("id")), r));
        route(router, "DELETE", "/security-group-rules/{id}", this::deleteRule);

        route(router, "GET", "/floatingips", r -> list(r, Kinds.FLOATING_IP, "floatingips"));
        route(router, "POST", "/floatingips", r -> created("floatingip", createFloatingIp(r)));
        route(router, "GET", "/floatingips/{id}", r -> one("floatingip", get(r, Kinds.FLOATING_IP, r.param("id")), r));
        route(router, "PUT", "/floatingips/{id}", r -> one("floatingip", updateFloatingIp(r), r));
        route(router, "DELETE", "/floatingips/{id}", this::deleteFloatingIp);

        TAGGABLE.forEach((collection, kind) -> {
            String base = "/" + collection + "/{id}/tags";
            route(router, "GET", base, r -> tagsAnswer(200, get(r, kind, r.param("id"))));
            route(router, "PUT", base, r -> replaceTags(r, kind));
            route(router, "DELETE", base, r -> {
                Res res = owned(r, kind, "delete_" + kind + "_tags");
                res.body.putArray("tags");
                touch(res);
                return SimResponse.noContent();
            });
            route(router, "GET", base + "/{tag}", r -> {
                Res res = get(r, kind, r.param("id"));
                String tag = decode(r.param("tag"));
                if (!tagsOf(res).contains(tag)) {
                    throw tagNotFound(tag, kind, res.id);
                }
                return SimResponse.noContent();
            });
            route(router, "PUT", base + "/{tag}", r -> {
                Res res = owned(r, kind, "update_" + kind + "_tags");
                String tag = validTag(decode(r.param("tag")));
                Set<String> tags = tagsOf(res);
                if (tags.add(tag)) {
                    setTags(res, tags);
                }
                return SimResponse.status(201, null);
            });
            route(router, "DELETE", base + "/{tag}", r -> {
                Res res = owned(r, kind, "delete_" + kind + "_tags");
                String tag = decode(r.param("tag"));
                Set<String> tags = tagsOf(res);
                if (!tags.remove(tag)) {
                    throw tagNotFound(tag, kind, res.id);
                }
                setTags(res, tags);
                return SimResponse.noContent();
            });
        });

        route(router, "GET", "/quotas", this::listQuotas);
        route(router, "GET", "/quotas/{project_id}", r -> quotaAnswer(readableQuotaProject(r)));
        route(router, "GET", "/quotas/{project_id}/details", this::quotaDetails);
        route(router, "PUT", "/quotas/{project_id}", this::updateQuota);
    }

    /** Every call first makes sure the caller's project has its default security group, as Neutron does. */
    private void route(Router router, String method, String path, Handler handler) {
        router.add(method, PREFIX + path, r -> {
            if (r.projectId() != null) {
                defaultSecurityGroup(world, r.projectId());
            }
            return handler.handle(r);
        });
    }

    @Override
    public String statusOf(Res res) {
        return switch (res.kind) {
            case Kinds.NETWORK, Kinds.ROUTER, Kinds.PORT -> res.body.path("status").asString("ACTIVE");
            case Kinds.SUBNET, Kinds.SECURITY_GROUP, Kinds.SECURITY_GROUP_RULE -> "ACTIVE";
            case Kinds.FLOATING_IP -> {
                refreshFloatingIp(res);
                yield res.body.path("status").asString("DOWN");
            }
            default -> null;
        };
    }

    private List<World.Orphan> orphans(World w) {
        List<World.Orphan> out = new ArrayList<>();
        w.all(Kinds.FLOATING_IP).sorted(ORDER).forEach(fip -> {
            refreshFloatingIp(fip);
            if (Json.text(fip.body, "port_id") == null) {
                out.add(new World.Orphan(fip.kind, fip.id, fip.body.path("floating_ip_address").asString(""), fip.projectId,
                        "floating IP " + fip.body.path("floating_ip_address").asString("") + " is not associated with any port"));
            }
        });
        Set<String> used = new HashSet<>();
        w.all(Kinds.PORT).forEach(p -> p.body.path("security_groups").forEach(sg -> used.add(sg.asString(""))));
        w.all(Kinds.SECURITY_GROUP).sorted(ORDER)
                .filter(sg -> !DEFAULT_SECURITY_GROUP.equals(sg.name()) && !used.contains(sg.id))
                .forEach(sg -> out.add(new World.Orphan(sg.kind, sg.id, sg.name(), sg.projectId,
                        "leftover security group: not used by any port")));
        return out;
    }

    // ---- networks

    private Res createNetwork(SimRequest r) {
        JsonNode b = body(r, "network");
        String project = projectOf(r, b);
        if (!r.token().admin() && (b.path("shared").asBoolean(false) || b.path("router:external").asBoolean(false))) {
            throw policy("create_network:" + (b.path("shared").asBoolean(false) ? "shared" : "router:external"));
        }
        quota(project, Kinds.NETWORK);
        return world.add(Kinds.NETWORK, project, networkBody(world, project, b));
    }

    private static ObjectNode networkBody(World world, String project, JsonNode b) {
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

    private Res updateNetwork(SimRequest r) {
        Res net = owned(r, Kinds.NETWORK, "update_network");
        JsonNode b = body(r, "network");
        if (!r.token().admin() && (b.has("shared") || b.has("router:external"))) {
            throw policy("update_network:" + (b.has("shared") ? "shared" : "router:external"));
        }
        copy(b, net.body, "name", "description", "admin_state_up", "shared", "router:external", "mtu", "port_security_enabled");
        touch(net);
        return net;
    }

    private SimResponse deleteNetwork(SimRequest r) {
        Res net = owned(r, Kinds.NETWORK, "delete_network");
        List<Res> ports = world.all(Kinds.PORT).filter(p -> net.id.equals(p.body.path("network_id").asString(""))).toList();
        if (ports.stream().anyMatch(p -> !OWNER_DHCP.equals(p.body.path("device_owner").asString("")))) {
            throw ServiceError.neutron(409, "NetworkInUse", "Unable to complete operation on network " + net.id
                    + ". There are one or more ports still in use on the network.");
        }
        ports.forEach(p -> world.remove(Kinds.PORT, p.id));
        subnetsOf(net.id).forEach(s -> world.remove(Kinds.SUBNET, s.id));
        world.remove(Kinds.NETWORK, net.id);
        return SimResponse.noContent();
    }

    private Stream<Res> subnetsOf(String networkId) {
        return world.all(Kinds.SUBNET).filter(s -> networkId.equals(s.body.path("network_id").asString(""))).sorted(ORDER);
    }

    private static boolean sharedOrExternal(Res network) {
        return network.body.path("shared").asBoolean(false) || network.body.path("router:external").asBoolean(false);
    }

    // ---- subnets

    private Res createSubnet(SimRequest r) {
        JsonNode b = body(r, "subnet");
        String networkId = Json.text(b, "network_id");
        if (networkId == null) {
            throw invalid("Invalid input for operation: 'network_id' is required.");
        }
        Res net = get(r, Kinds.NETWORK, networkId);
        String project = projectOf(r, b);
        if (!r.token().admin() && !Objects.equals(net.projectId, project)) {
            throw policy("create_subnet");
        }
        if (b.path("ip_version").asInt(4) != 4) {
            throw invalid("Invalid input for ip_version. Reason: the simulator serves IPv4 subnets only.");
        }
        String cidr = Json.text(b, "cidr");
        if (cidr == null) {
            throw ServiceError.neutron(400, "BadRequest", "Bad subnets request: a subnetpool must be specified in the absence of a cidr.");
        }
        String normalized = normalizedCidr(cidr);
        long[] range = Ports.range(normalized);
        subnetsOf(net.id).forEach(other -> {
            long[] o = Ports.range(other.body.path("cidr").asString());
            if (range[0] <= o[1] && o[0] <= range[1]) {
                throw invalid("Invalid input for operation: Requested subnet with cidr: " + normalized + " for network: "
                        + net.id + " overlaps with another subnet.");
            }
        });
        quota(project, Kinds.SUBNET);
        return world.add(Kinds.SUBNET, project, subnetBody(net, project, b, cidr));
    }

    /** A subnet's body, its gateway, allocation pools and DNS servers validated as Neutron does. */
    private ObjectNode subnetBody(Res net, String project, JsonNode b, String cidr) {
        String normalized = normalizedCidr(cidr);
        long[] range = Ports.range(normalized);
        ObjectNode body = base(world, project, b.path("name").asString(""), b.path("description").asString(""));
        body.put("network_id", net.id);
        body.put("cidr", normalized);
        body.put("ip_version", 4);
        Long gateway;
        if (b.has("gateway_ip")) {
            String g = Json.text(b, "gateway_ip");
            gateway = g == null ? null : ip(g, "gateway_ip");
            if (gateway != null && (gateway <= range[0] || gateway >= range[1])) {
                throw invalid("Invalid input for operation: Gateway IP " + g + " is not in subnet " + normalized + ".");
            }
        } else {
            gateway = range[0] + 1;
        }
        if (gateway == null) {
            body.putNull("gateway_ip");
        } else {
            body.put("gateway_ip", Ports.toIp(gateway));
        }
        body.set("allocation_pools", pools(b.get("allocation_pools"), range, gateway, normalized));
        ArrayNode dns = body.putArray("dns_nameservers");
        for (JsonNode d : b.path("dns_nameservers")) {
            ip(d.asString(""), "dns_nameservers");
            dns.add(d.asString(""));
        }
        body.set("host_routes", b.path("host_routes").isArray() ? b.get("host_routes").deepCopy() : Json.array());
        body.put("enable_dhcp", b.path("enable_dhcp").asBoolean(true));
        body.putNull("subnetpool_id");
        body.putNull("ipv6_address_mode");
        body.putNull("ipv6_ra_mode");
        body.putArray("service_types");
        return body;
    }

    /** The CIDR as Neutron stores it; 400 when malformed, not a network address or too small for hosts. */
    private static String normalizedCidr(String cidr) {
        long[] range = cidrRange(cidr);
        String normalized = Ports.toIp(range[0]) + "/" + cidr.strip().substring(cidr.strip().indexOf('/') + 1);
        if (!normalized.equals(cidr.strip())) {
            throw invalid("Invalid input for cidr. Reason: '" + cidr + "' isn't a recommended CIDR, it should be '" + normalized + "'.");
        }
        if (range[1] - range[0] < 3) {
            throw invalid("Invalid input for cidr. Reason: '" + cidr + "' is too small for a subnet.");
        }
        return normalized;
    }

    private static ArrayNode pools(JsonNode requested, long[] range, Long gateway, String cidr) {
        ArrayNode out = Json.array();
        List<long[]> pools = new ArrayList<>();
        if (requested != null && requested.isArray()) {
            for (JsonNode p : requested) {
                long start = ip(p.path("start").asString(""), "allocation_pools");
                long end = ip(p.path("end").asString(""), "allocation_pools");
                if (start > end || start <= range[0] || end >= range[1]) {
                    throw ServiceError.neutron(400, "InvalidAllocationPool", "The allocation pool " + Ports.toIp(start) + "-"
                            + Ports.toIp(end) + " spans beyond the subnet cidr " + cidr + ".");
                }
                for (long[] other : pools) {
                    if (start <= other[1] && other[0] <= end) {
                        throw ServiceError.neutron(400, "OverlappingAllocationPools", "Found overlapping allocation pools: "
                                + Ports.toIp(start) + "-" + Ports.toIp(end) + " and " + Ports.toIp(other[0]) + "-"
                                + Ports.toIp(other[1]) + " for subnet " + cidr + ".");
                    }
                }
                if (gateway != null && start <= gateway && gateway <= end) {
                    throw ServiceError.neutron(400, "GatewayConflictWithAllocationPools", "Gateway ip " + Ports.toIp(gateway)
                            + " conflicts with allocation pool " + Ports.toIp(start) + "-" + Ports.toIp(end) + ".");
                }
                pools.add(new long[] {start, end});
            }
        } else {
            long first = range[0] + 1;
            long last = range[1] - 1;
            if (gateway == null || gateway < first || gateway > last) {
                pools.add(new long[] {first, last});
            } else {
                if (gateway > first) {
                    pools.add(new long[] {first, gateway - 1});
                }
                if (gateway < last) {
                    pools.add(new long[] {gateway + 1, last});
                }
            }
        }
        pools.forEach(p -> out.addObject().put("start", Ports.toIp(p[0])).put("end", Ports.toIp(p[1])));
        return out;
    }

    private Res updateSubnet(SimRequest r) {
        Res subnet = owned(r, Kinds.SUBNET, "update_subnet");
        JsonNode b = body(r, "subnet");
        ObjectNode merged = subnet.body.deepCopy();
        copy(b, merged, "name", "description", "enable_dhcp", "host_routes", "dns_nameservers", "gateway_ip", "allocation_pools");
        if (!b.has("allocation_pools")) {
            merged.remove("allocation_pools");
            if (!b.has("gateway_ip")) {
                merged.set("allocation_pools", subnet.body.get("allocation_pools"));
            }
        }
        Res net = world.get(Kinds.NETWORK, subnet.body.path("network_id").asString("")).orElseThrow();
        ObjectNode fresh = subnetBody(net, subnet.projectId, merged, subnet.body.path("cidr").asString());
        for (String f : List.of("name", "description", "enable_dhcp", "host_routes", "dns_nameservers", "gateway_ip", "allocation_pools")) {
            subnet.body.set(f, fresh.get(f));
        }
        touch(subnet);
        return subnet;
    }

    private SimResponse deleteSubnet(SimRequest r) {
        Res subnet = owned(r, Kinds.SUBNET, "delete_subnet");
        boolean inUse = world.all(Kinds.PORT)
                .filter(p -> !OWNER_DHCP.equals(p.body.path("device_owner").asString("")))
                .anyMatch(p -> hasIpOn(p, subnet.id));
        if (inUse) {
            throw ServiceError.neutron(409, "SubnetInUse", "Unable to complete operation on subnet " + subnet.id
                    + ": One or more ports have an IP allocation from this subnet.");
        }
        world.remove(Kinds.SUBNET, subnet.id);
        return SimResponse.noContent();
    }

    private static boolean hasIpOn(Res port, String subnetId) {
        for (JsonNode ip : port.body.path("fixed_ips")) {
            if (subnetId.equals(ip.path("subnet_id").asString(""))) {
                return true;
            }
        }
        return false;
    }

    // ---- ports

    private Res createPort(SimRequest r) {
        JsonNode b = body(r, "port");
        String networkId = Json.text(b, "network_id");
        if (networkId == null) {
            throw invalid("Invalid input for operation: 'network_id' is required.");
        }
        Res net = get(r, Kinds.NETWORK, networkId);
        String project = projectOf(r, b);
        if (!r.token().admin() && !Objects.equals(net.projectId, project) && !net.body.path("shared").asBoolean(false)) {
            throw policy("create_port");
        }
        String owner = b.path("device_owner").asString("");
        List<String> groups = new ArrayList<>();
        if (b.has("security_groups") && b.get("security_groups").isArray()) {
            for (JsonNode g : b.get("security_groups")) {
                groups.add(get(r, Kinds.SECURITY_GROUP, g.asString("")).id);
            }
        } else if (b.path("port_security_enabled").asBoolean(true) && !owner.startsWith("network:")) {
            groups.add(defaultSecurityGroup(world, project).id);
        }
        List<String[]> wanted = requestedIps(net, b.get("fixed_ips"));
        quota(project, Kinds.PORT);
        Res port = Ports.create(world, project, net.id, wanted == null || wanted.isEmpty() ? null : wanted.getFirst()[0],
                b.path("name").asString(""), Json.text(b, "device_id"), owner);
        if (wanted != null) {
            assignIps(port, wanted);
        }
        ObjectNode body = port.body;
        body.put("description", b.path("description").asString(""));
        body.put("admin_state_up", b.path("admin_state_up").asBoolean(true));
        body.put("port_security_enabled", b.path("port_security_enabled").asBoolean(true));
        ArrayNode sg = body.putArray("security_groups");
        groups.forEach(sg::add);
        if (b.path("allowed_address_pairs").isArray()) {
            body.set("allowed_address_pairs", b.get("allowed_address_pairs").deepCopy());
        }
        body.put("binding:vnic_type", b.path("binding:vnic_type").asString("normal"));
        body.putArray("extra_dhcp_opts");
        stamp(world, body);
        return port;
    }

    /** [subnet id, ip or null] per requested fixed IP, validated; null when the request names none. */
    private List<String[]> requestedIps(Res net, JsonNode fixed) {
        if (fixed == null || !fixed.isArray()) {
            return null;
        }
        List<String[]> out = new ArrayList<>();
        for (JsonNode f : fixed) {
            String subnetId = Json.text(f, "subnet_id");
            String address = Json.text(f, "ip_address");
            if (subnetId == null && address == null) {
                continue;
            }
            Res subnet;
            if (subnetId != null) {
                subnet = world.get(Kinds.SUBNET, subnetId).filter(s -> net.id.equals(s.body.path("network_id").asString("")))
                        .orElseThrow(() -> invalid("Invalid input for operation: Failed to create port on network " + net.id
                                + ", because fixed_ips included invalid subnet " + subnetId + "."));
            } else {
                long a = ip(address, "fixed_ips");
                subnet = subnetsOf(net.id).filter(s -> inCidr(a, s)).findFirst().orElseThrow(() -> invalid(
                        "Invalid input for operation: IP address " + address + " is not a valid IP for any of the subnets on the specified network."));
            }
            if (address != null) {
                long a = ip(address, "fixed_ips");
                if (!inCidr(a, subnet)) {
                    throw invalid("Invalid input for operation: IP address " + address + " is not a valid IP for the specified subnet.");
                }
                if (ipInUse(subnet.id, address)) {
                    throw ServiceError.neutron(409, "IpAddressAlreadyAllocated", "IP address " + address
                            + " already allocated in subnet " + subnet.id);
                }
            }
            out.add(new String[] {subnet.id, address});
        }
        return out;
    }

    /** Replaces the port's automatic address with the requested ones (explicit or allocated per subnet). */
    private void assignIps(Res port, List<String[]> wanted) {
        ArrayNode fixed = port.body.putArray("fixed_ips");
        for (String[] w : wanted) {
            Res subnet = world.get(Kinds.SUBNET, w[0]).orElseThrow();
            String address = w[1] != null ? w[1] : Ports.allocate(world, subnet);
            fixed.addObject().put("subnet_id", subnet.id).put("ip_address", address);
        }
    }

    private boolean ipInUse(String subnetId, String address) {
        return world.all(Kinds.PORT).anyMatch(p -> {
            for (JsonNode ip : p.body.path("fixed_ips")) {
                if (subnetId.equals(ip.path("subnet_id").asString("")) && address.equals(ip.path("ip_address").asString(""))) {
                    return true;
                }
            }
            return false;
        });
    }

    private static boolean inCidr(long address, Res subnet) {
        long[] range = Ports.range(subnet.body.path("cidr").asString());
        return address > range[0] && address < range[1];
    }

    private Res updatePort(SimRequest r) {
        Res port = owned(r, Kinds.PORT, "update_port");
        JsonNode b = body(r, "port");
        if (b.has("security_groups")) {
            ArrayNode groups = Json.array();
            for (JsonNode g : b.path("security_groups")) {
                groups.add(get(r, Kinds.SECURITY_GROUP, g.asString("")).id);
            }
            port.body.set("security_groups", groups);
        }
        if (b.has("fixed_ips")) {
            Res net = world.get(Kinds.NETWORK, port.body.path("network_id").asString("")).orElseThrow();
            // the port's own addresses may be asked for again: free them before validating
            JsonNode had = port.body.get("fixed_ips");
            port.body.putArray("fixed_ips");
            try {
                List<String[]> wanted = requestedIps(net, b.get("fixed_ips"));
                assignIps(port, wanted == null ? List.of() : wanted);
            } catch (ServiceError e) {
                port.body.set("fixed_ips", had);
                throw e;
            }
        }
        copy(b, port.body, "name", "description", "admin_state_up", "device_id", "device_owner", "port_security_enabled",
                "allowed_address_pairs", "binding:host_id");
        port.body.put("status", port.body.path("device_id").asString("").isEmpty() ? "DOWN" : "ACTIVE");
        touch(port);
        return port;
    }

    private SimResponse deletePort(SimRequest r) {
        Res port = owned(r, Kinds.PORT, "delete_port");
        String owner = port.body.path("device_owner").asString("");
        if (OWNER_ROUTER_INTERFACE.equals(owner) || OWNER_ROUTER_GATEWAY.equals(owner) || OWNER_FLOATING_IP.equals(owner)) {
            throw ServiceError.neutron(409, "ServicePortInUse", "Port " + port.id
                    + " cannot be deleted directly via the port API: has device owner " + owner + ".");
        }
        world.all(Kinds.FLOATING_IP).filter(f -> port.id.equals(Json.text(f.body, "port_id"))).forEach(Neutron::disassociate);
        world.remove(Kinds.PORT, port.id);
        return SimResponse.noContent();
    }

    // ---- routers

    private Res createRouter(SimRequest r) {
        JsonNode b = body(r, "router");
        String project = projectOf(r, b);
        quota(project, Kinds.ROUTER);
        ObjectNode body = base(world, project, b.path("name").asString(""), b.path("description").asString(""));
        body.put("admin_state_up", b.path("admin_state_up").asBoolean(true));
        body.put("status", "ACTIVE");
        body.putNull("external_gateway_info");
        body.set("routes", b.path("routes").isArray() ? b.get("routes").deepCopy() : Json.array());
        body.put("distributed", false).put("ha", false).putNull("flavor_id");
        body.putArray("availability_zone_hints");
        body.putArray("availability_zones").add("nova");
        Res router = world.add(Kinds.ROUTER, project, body);
        JsonNode gw = b.get("external_gateway_info");
        if (gw != null && gw.isObject() && Json.text(gw, "network_id") != null) {
            try {
                setGateway(router, gw, r);
            } catch (ServiceError e) {
                world.remove(Kinds.ROUTER, router.id);
                throw e;
            }
        }
        return router;
    }

    private Res updateRouter(SimRequest r) {
        Res router = owned(r, Kinds.ROUTER, "update_router");
        JsonNode b = body(r, "router");
        if (b.has("external_gateway_info")) {
            JsonNode gw = b.get("external_gateway_info");
            if (gw == null || gw.isNull() || Json.text(gw, "network_id") == null) {
                clearGateway(router);
            } else {
                setGateway(router, gw, r);
            }
        }
        copy(b, router.body, "name", "description", "admin_state_up", "routes");
        touch(router);
        return router;
    }

    private void setGateway(Res router, JsonNode gw, SimRequest r) {
        Res net = get(r, Kinds.NETWORK, Json.text(gw, "network_id"));
        if (!net.body.path("router:external").asBoolean(false)) {
            throw ServiceError.neutron(400, "BadRequest", "Bad router request: Network " + net.id + " is not an external network.");
        }
        JsonNode current = router.body.get("external_gateway_info");
        if (current != null && current.isObject() && net.id.equals(current.path("network_id").asString(""))) {
            ((ObjectNode) current).put("enable_snat", gw.path("enable_snat").asBoolean(current.path("enable_snat").asBoolean(true)));
            return;
        }
        clearGateway(router);
        JsonNode wantedIp = gw.path("external_fixed_ips").path(0);
        Res port = Ports.create(world, null, net.id, Json.text(wantedIp, "subnet_id"), "", router.id, OWNER_ROUTER_GATEWAY);
        if (Json.text(wantedIp, "ip_address") != null) {
            List<String[]> wanted = requestedIps(net, gw.get("external_fixed_ips"));
            assignIps(port, wanted);
        }
        stamp(world, port.body);
        ObjectNode info = Json.object();
        info.put("network_id", net.id);
        info.put("enable_snat", gw.path("enable_snat").asBoolean(true));
        info.set("external_fixed_ips", port.body.get("fixed_ips").deepCopy());
        router.body.set("external_gateway_info", info);
    }

    private void clearGateway(Res router) {
        JsonNode current = router.body.get("external_gateway_info");
        if (current == null || !current.isObject()) {
            return;
        }
        String netId = current.path("network_id").asString("");
        boolean needed = world.all(Kinds.FLOATING_IP).peek(this::refreshFloatingIp)
                .anyMatch(f -> router.id.equals(Json.text(f.body, "router_id")));
        if (needed) {
            throw ServiceError.neutron(409, "RouterExternalGatewayInUseByFloatingIp", "Gateway cannot be updated for router "
                    + router.id + ", since a gateway to external network " + netId + " is required by one or more floating IPs.");
        }
        routerPorts(router.id, OWNER_ROUTER_GATEWAY).forEach(p -> world.remove(Kinds.PORT, p.id));
        router.body.putNull("external_gateway_info");
    }

    private List<Res> routerPorts(String routerId, String owner) {
        return world.all(Kinds.PORT).filter(p -> routerId.equals(p.body.path("device_id").asString(""))
                && owner.equals(p.body.path("device_owner").asString(""))).sorted(ORDER).toList();
    }

    private SimResponse deleteRouter(SimRequest r) {
        Res router = owned(r, Kinds.ROUTER, "delete_router");
        if (!routerPorts(router.id, OWNER_ROUTER_INTERFACE).isEmpty()) {
            throw ServiceError.neutron(409, "RouterInUse", "Router " + router.id + " still has ports");
        }
        clearGateway(router);
        world.remove(Kinds.ROUTER, router.id);
        return SimResponse.noContent();
    }

    private SimResponse addRouterInterface(SimRequest r) {
        Res router = owned(r, Kinds.ROUTER, "add_router_interface");
        JsonNode b = r.body() == null ? Json.object() : r.body();
        String subnetId = Json.text(b, "subnet_id");
        String portId = Json.text(b, "port_id");
        if (subnetId != null && portId != null) {
            throw badRouter("Cannot specify both subnet-id and port-id");
        }
        if (subnetId == null && portId == null) {
            throw badRouter("Either subnet_id or port_id must be specified");
        }
        List<Res> interfaces = routerPorts(router.id, OWNER_ROUTER_INTERFACE);
        Res port;
        Res subnet;
        if (subnetId != null) {
            subnet = get(r, Kinds.SUBNET, subnetId);
            String gateway = Json.text(subnet.body, "gateway_ip");
            if (gateway == null) {
                throw badRouter("Subnet for router interface must have a gateway IP");
            }
            if (interfaces.stream().anyMatch(p -> hasIpOn(p, subnet.id))) {
                throw badRouter("Router already has a port on subnet " + subnet.id);
            }
            checkNoOverlap(router, interfaces, subnet);
            if (ipInUse(subnet.id, gateway)) {
                throw ServiceError.neutron(409, "IpAddressAlreadyAllocated", "IP address " + gateway
                        + " already allocated in subnet " + subnet.id);
            }
            quota(router.projectId, Kinds.PORT);
            port = Ports.create(world, router.projectId, subnet.body.path("network_id").asString(), subnet.id, "",
                    router.id, OWNER_ROUTER_INTERFACE);
            port.body.putArray("fixed_ips").addObject().put("subnet_id", subnet.id).put("ip_address", gateway);
            stamp(world, port.body);
        } else {
            port = get(r, Kinds.PORT, portId);
            if (!port.body.path("device_id").asString("").isEmpty()) {
                throw ServiceError.neutron(409, "PortInUse", "Unable to complete operation on port " + port.id + " for network "
                        + port.body.path("network_id").asString("") + ". Port already has an attached device "
                        + port.body.path("device_id").asString("") + ".");
            }
            JsonNode first = port.body.path("fixed_ips").path(0);
            if (first.isMissingNode()) {
                throw badRouter("Router port must have at least one fixed IP");
            }
            subnet = world.get(Kinds.SUBNET, first.path("subnet_id").asString("")).orElseThrow();
            checkNoOverlap(router, interfaces, subnet);
            port.body.put("device_id", router.id).put("device_owner", OWNER_ROUTER_INTERFACE).put("status", "ACTIVE");
            port.body.putArray("security_groups");
            touch(port);
        }
        touch(router);
        return SimResponse.ok(interfaceInfo(router, port, subnet));
    }

    private void checkNoOverlap(Res router, List<Res> interfaces, Res subnet) {
        long[] mine = Ports.range(subnet.body.path("cidr").asString());
        for (Res p : interfaces) {
            for (JsonNode ip : p.body.path("fixed_ips")) {
                world.get(Kinds.SUBNET, ip.path("subnet_id").asString("")).ifPresent(other -> {
                    long[] o = Ports.range(other.body.path("cidr").asString());
                    if (mine[0] <= o[1] && o[0] <= mine[1]) {
                        throw badRouter("Cidr " + subnet.body.path("cidr").asString() + " of subnet " + subnet.id
                                + " overlaps with cidr " + other.body.path("cidr").asString() + " of subnet " + other.id);
                    }
                });
            }
        }
    }

    private SimResponse removeRouterInterface(SimRequest r) {
        Res router = owned(r, Kinds.ROUTER, "remove_router_interface");
        JsonNode b = r.body() == null ? Json.object() : r.body();
        String subnetId = Json.text(b, "subnet_id");
        String portId = Json.text(b, "port_id");
        if (subnetId == null && portId == null) {
            throw badRouter("Either subnet_id or port_id must be specified");
        }
        List<Res> interfaces = routerPorts(router.id, OWNER_ROUTER_INTERFACE);
        Res port;
        if (portId != null) {
            port = interfaces.stream().filter(p -> p.id.equals(portId)).findFirst().orElseThrow(() -> ServiceError.neutron(404,
                    "RouterInterfaceNotFound", "Router " + router.id + " does not have an interface with id " + portId));
        } else {
            get(r, Kinds.SUBNET, subnetId);
            port = interfaces.stream().filter(p -> hasIpOn(p, subnetId)).findFirst().orElseThrow(() -> ServiceError.neutron(404,
                    "RouterInterfaceNotFoundForSubnet", "Router " + router.id + " has no interface on subnet " + subnetId));
        }
        String subnetOfPort = subnetId != null ? subnetId : port.body.path("fixed_ips").path(0).path("subnet_id").asString("");
        boolean needed = world.all(Kinds.FLOATING_IP).peek(this::refreshFloatingIp)
                .filter(f -> router.id.equals(Json.text(f.body, "router_id")))
                .anyMatch(f -> world.get(Kinds.PORT, Json.text(f.body, "port_id")).map(p -> hasIpOn(p, subnetOfPort)).orElse(false));
        if (needed) {
            throw ServiceError.neutron(409, "RouterInterfaceInUseByFloatingIP", "Router interface for subnet " + subnetOfPort
                    + " on router " + router.id + " cannot be deleted, as it is required by one or more floating IPs.");
        }
        Res subnet = world.get(Kinds.SUBNET, subnetOfPort).orElse(null);
        ObjectNode info = interfaceInfo(router, port, subnet);
        world.remove(Kinds.PORT, port.id);
        touch(router);
        return SimResponse.ok(info);
    }

    private static ObjectNode interfaceInfo(Res router, Res port, Res subnet) {
        ObjectNode o = Json.object();
        o.put("id", router.id);
        o.put("tenant_id", router.projectId).put("project_id", router.projectId);
        o.put("port_id", port.id);
        o.put("network_id", port.body.path("network_id").asString(""));
        o.put("subnet_id", subnet == null ? null : subnet.id);
        ArrayNode ids = o.putArray("subnet_ids");
        if (subnet != null) {
            ids.add(subnet.id);
        }
        o.putArray("tags");
        return o;
    }

    // ---- security groups

    private Res createSecurityGroup(SimRequest r) {
        JsonNode b = body(r, "security_group");
        String project = projectOf(r, b);
        quota(project, Kinds.SECURITY_GROUP);
        Res sg = world.add(Kinds.SECURITY_GROUP, project,
                base(world, project, b.path("name").asString(""), b.path("description").asString("")).put("stateful", true));
        addRule(world, sg, "egress", "IPv4", null, null, null, null, null);
        addRule(world, sg, "egress", "IPv6", null, null, null, null, null);
        return sg;
    }

    private Res updateSecurityGroup(SimRequest r) {
        Res sg = owned(r, Kinds.SECURITY_GROUP, "update_security_group");
        JsonNode b = body(r, "security_group");
        if (DEFAULT_SECURITY_GROUP.equals(sg.name()) && b.has("name") && !DEFAULT_SECURITY_GROUP.equals(Json.text(b, "name"))) {
            throw ServiceError.neutron(409, "SecurityGroupCannotUpdateDefault", "Updating default security group not allowed.");
        }
        copy(b, sg.body, "name", "description");
        touch(sg);
        return sg;
    }

    private SimResponse deleteSecurityGroup(SimRequest r) {
        Res sg = owned(r, Kinds.SECURITY_GROUP, "delete_security_group");
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

    private Res createRule(SimRequest r) {
        JsonNode b = body(r, "security_group_rule");
        String sgId = Json.text(b, "security_group_id");
        if (sgId == null) {
            throw invalid("Invalid input for operation: 'security_group_id' is required.");
        }
        Res sg = get(r, Kinds.SECURITY_GROUP, sgId);
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
        if (protocol != null && Set.of("tcp", "udp", "sctp").contains(protocol) && (min != null || max != null)) {
            if (min == null || max == null || min > max) {
                throw invalid("Invalid input for operation: For TCP/UDP protocols, port_range_min must be <= port_range_max.");
            }
            for (int port : new int[] {min, max}) {
                if (port < 0 || port > 65535) {
                    throw invalid("Invalid value for port " + port + ".");
                }
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
            get(r, Kinds.SECURITY_GROUP, remoteGroup);
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
        quota(sg.projectId, Kinds.SECURITY_GROUP_RULE);
        Res rule = addRule(world, sg, direction, ethertype, protocol, min, max, prefix, remoteGroup);
        rule.body.put("description", b.path("description").asString(""));
        return rule;
    }

    private static Integer intOrNull(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asInt(0);
    }

    private static Res addRule(World world, Res sg, String direction, String ethertype, String protocol, Integer min,
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

    private Stream<Res> rulesOf(String sgId) {
        return world.all(Kinds.SECURITY_GROUP_RULE).filter(x -> sgId.equals(x.body.path("security_group_id").asString("")))
                .sorted(ORDER);
    }

    private SimResponse deleteRule(SimRequest r) {
        Res rule = get(r, Kinds.SECURITY_GROUP_RULE, r.param("id"));
        requireOwner(rule, r, "delete_security_group_rule");
        world.remove(Kinds.SECURITY_GROUP_RULE, rule.id);
        return SimResponse.noContent();
    }

    // ---- floating IPs

    private Res createFloatingIp(SimRequest r) {
        JsonNode b = body(r, "floatingip");
        String networkId = Json.text(b, "floating_network_id");
        if (networkId == null) {
            throw invalid("Invalid input for operation: 'floating_network_id' is required.");
        }
        Res net = get(r, Kinds.NETWORK, networkId);
        if (!net.body.path("router:external").asBoolean(false)) {
            throw ServiceError.neutron(400, "BadRequest", "Bad floatingip request: Network " + net.id
                    + " is not a valid external network.");
        }
        String project = projectOf(r, b);
        quota(project, Kinds.FLOATING_IP);
        String id = World.uuid();
        ObjectNode fixed = Json.object();
        if (Json.text(b, "subnet_id") != null) {
            fixed.put("subnet_id", Json.text(b, "subnet_id"));
        }
        if (Json.text(b, "floating_ip_address") != null) {
            fixed.put("ip_address", Json.text(b, "floating_ip_address"));
        }
        List<String[]> wanted = fixed.isEmpty() ? null : requestedIps(net, Json.array().add(fixed));
        Res port = Ports.create(world, null, net.id, wanted == null ? null : wanted.getFirst()[0], "", id, OWNER_FLOATING_IP);
        if (wanted != null) {
            assignIps(port, wanted);
        }
        stamp(world, port.body);
        if (port.body.path("fixed_ips").isEmpty()) {
            world.remove(Kinds.PORT, port.id);
            throw ServiceError.neutron(400, "BadRequest", "Bad floatingip request: Network " + net.id + " has no subnet.");
        }
        ObjectNode body = base(world, project, null, b.path("description").asString(""));
        body.remove("name");
        body.put("id", id);
        body.put("floating_network_id", net.id);
        body.put("floating_ip_address", port.body.path("fixed_ips").path(0).path("ip_address").asString());
        body.putNull("router_id").putNull("port_id").putNull("fixed_ip_address").put("status", "DOWN");
        body.putNull("qos_policy_id").put("dns_domain", "").put("dns_name", "").putNull("port_details");
        Res fip = world.add(Kinds.FLOATING_IP, project, body);
        if (Json.text(b, "port_id") != null) {
            try {
                associate(fip, Json.text(b, "port_id"), Json.text(b, "fixed_ip_address"), r);
            } catch (ServiceError e) {
                world.remove(Kinds.PORT, port.id);
                world.remove(Kinds.FLOATING_IP, fip.id);
                throw e;
            }
        }
        return fip;
    }

    private Res updateFloatingIp(SimRequest r) {
        Res fip = owned(r, Kinds.FLOATING_IP, "update_floatingip");
        refreshFloatingIp(fip);
        JsonNode b = body(r, "floatingip");
        if (b.has("port_id")) {
            String portId = Json.text(b, "port_id");
            if (portId == null) {
                disassociate(fip);
            } else if (!portId.equals(Json.text(fip.body, "port_id"))) {
                associate(fip, portId, Json.text(b, "fixed_ip_address"), r);
            }
        }
        copy(b, fip.body, "description");
        touch(fip);
        return fip;
    }

    private void associate(Res fip, String portId, String fixedIp, SimRequest r) {
        Res port = get(r, Kinds.PORT, portId);
        JsonNode chosen = null;
        for (JsonNode ip : port.body.path("fixed_ips")) {
            if (fixedIp == null || fixedIp.equals(ip.path("ip_address").asString(""))) {
                chosen = ip;
                break;
            }
        }
        if (chosen == null) {
            throw ServiceError.neutron(400, "BadRequest", fixedIp == null
                    ? "Bad floatingip request: Port " + portId + " does not have any IP addresses."
                    : "Bad floatingip request: Port " + portId + " does not have fixed ip " + fixedIp + ".");
        }
        String address = chosen.path("ip_address").asString("");
        String subnetId = chosen.path("subnet_id").asString("");
        String networkId = fip.body.path("floating_network_id").asString("");
        boolean taken = world.all(Kinds.FLOATING_IP).filter(f -> !f.id.equals(fip.id))
                .anyMatch(f -> portId.equals(Json.text(f.body, "port_id")) && address.equals(Json.text(f.body, "fixed_ip_address")));
        if (taken) {
            throw ServiceError.neutron(409, "FloatingIPPortAlreadyAssociated", "Cannot associate floating IP "
                    + fip.body.path("floating_ip_address").asString("") + " (" + fip.id + ") with port " + portId
                    + " using fixed IP " + address + ", as that fixed IP already has a floating IP on external network "
                    + networkId + ".");
        }
        Res router = world.all(Kinds.ROUTER).sorted(ORDER)
                .filter(x -> networkId.equals(x.body.path("external_gateway_info").path("network_id").asString("")))
                .filter(x -> routerPorts(x.id, OWNER_ROUTER_INTERFACE).stream().anyMatch(p -> hasIpOn(p, subnetId)))
                .findFirst().orElseThrow(() -> ServiceError.neutron(404, "ExternalGatewayForFloatingIPNotFound",
                        "External network " + networkId + " is not reachable from subnet " + subnetId
                                + ".  Therefore, cannot associate Port " + portId + " with a Floating IP."));
        fip.body.put("port_id", portId).put("fixed_ip_address", address).put("router_id", router.id).put("status", "ACTIVE");
    }

    private static void disassociate(Res fip) {
        fip.body.putNull("port_id").putNull("fixed_ip_address").putNull("router_id").put("status", "DOWN");
    }

    /** A floating IP whose port went away (e.g. with its server) is no longer associated. */
    private void refreshFloatingIp(Res fip) {
        String portId = Json.text(fip.body, "port_id");
        if (portId != null && world.get(Kinds.PORT, portId).isEmpty()) {
            disassociate(fip);
        }
    }

    private SimResponse deleteFloatingIp(SimRequest r) {
        Res fip = owned(r, Kinds.FLOATING_IP, "delete_floatingip");
        world.all(Kinds.PORT).filter(p -> fip.id.equals(p.body.path("device_id").asString(""))
                        && OWNER_FLOATING_IP.equals(p.body.path("device_owner").asString("")))
                .toList().forEach(p -> world.remove(Kinds.PORT, p.id));
        world.remove(Kinds.FLOATING_IP, fip.id);
        return SimResponse.noContent();
    }

    // ---- tags

    private SimResponse replaceTags(SimRequest r, String kind) {
        Res res = owned(r, kind, "update_" + kind + "_tags");
        JsonNode tags = r.body() == null ? null : r.body().get("tags");
        if (tags == null || !tags.isArray()) {
            throw invalid("Invalid input for operation: 'tags' must be a list.");
        }
        Set<String> set = new LinkedHashSet<>();
        tags.forEach(t -> set.add(validTag(t.asString(""))));
        setTags(res, set);
        return tagsAnswer(200, res);
    }

    private static SimResponse tagsAnswer(int status, Res res) {
        ObjectNode out = Json.object();
        out.set("tags", res.body.path("tags").isArray() ? res.body.get("tags").deepCopy() : Json.array());
        return SimResponse.status(status, out);
    }

    private static Set<String> tagsOf(Res res) {
        Set<String> tags = new LinkedHashSet<>();
        res.body.path("tags").forEach(t -> tags.add(t.asString("")));
        return tags;
    }

    private void setTags(Res res, Collection<String> tags) {
        ArrayNode list = res.body.putArray("tags");
        tags.forEach(list::add);
        touch(res);
    }

    private static String validTag(String tag) {
        if (tag.isEmpty() || tag.length() > 255 || tag.contains(",")) {
            throw invalid("Invalid input for operation: '" + tag + "' is not a valid tag (1 to 255 characters, no comma).");
        }
        return tag;
    }

    private static ServiceError tagNotFound(String tag, String kind, String id) {
        return ServiceError.neutron(404, "TagNotFound", "Tag " + tag + " could not be found for " + kind + " " + id + ".");
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    // ---- quotas

    private SimResponse listQuotas(SimRequest r) {
        if (!r.token().admin()) {
            throw policy("get_quota");
        }
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("quotas");
        world.projects().forEach(p -> list.add(limits(p.id()).put("project_id", p.id()).put("tenant_id", p.id())));
        return SimResponse.ok(out);
    }

    private String readableQuotaProject(SimRequest r) {
        String projectId = r.param("project_id");
        if (!r.token().admin() && !projectId.equals(r.projectId())) {
            throw policy("get_quota");
        }
        return projectId;
    }

    private SimResponse quotaAnswer(String projectId) {
        ObjectNode out = Json.object();
        out.set("quota", limits(projectId));
        return SimResponse.ok(out);
    }

    private ObjectNode limits(String projectId) {
        ObjectNode q = Json.object();
        DEFAULT_QUOTAS.keySet().forEach(res -> q.put(res, world.quota(projectId, res)));
        q.put("rbac_policy", 10).put("subnetpool", -1);
        return q;
    }

    private SimResponse quotaDetails(SimRequest r) {
        String projectId = readableQuotaProject(r);
        ObjectNode out = Json.object();
        ObjectNode q = out.putObject("quota");
        DEFAULT_QUOTAS.keySet().forEach(res -> q.putObject(res).put("used", world.usage(projectId, res))
                .put("limit", world.quota(projectId, res)).put("reserved", 0));
        q.putObject("rbac_policy").put("used", 0).put("limit", 10).put("reserved", 0);
        q.putObject("subnetpool").put("used", 0).put("limit", -1).put("reserved", 0);
        return SimResponse.ok(out);
    }

    private SimResponse updateQuota(SimRequest r) {
        if (!r.token().admin()) {
            throw policy("update_quota");
        }
        JsonNode b = body(r, "quota");
        for (Map.Entry<String, JsonNode> e : b.properties()) {
            if (Set.of("rbac_policy", "subnetpool").contains(e.getKey())) {
                continue;
            }
            if (!DEFAULT_QUOTAS.containsKey(e.getKey())) {
                throw invalid("Unrecognized attribute(s) '" + e.getKey() + "'");
            }
            world.setQuota(r.param("project_id"), e.getKey(), e.getValue().asInt(-1));
        }
        return quotaAnswer(r.param("project_id"));
    }

    private void quota(String projectId, String resource) {
        if (world.exceeds(projectId, resource, 1)) {
            throw ServiceError.neutron(409, "OverQuota", "Quota exceeded for resources: ['" + resource + "'].");
        }
    }

    // ---- views and lists

    private SimResponse list(SimRequest r, String kind, String collection) {
        List<ObjectNode> views = world.all(kind).filter(x -> visible(x, r)).sorted(ORDER).map(this::view)
                .filter(v -> matchesQuery(v, r.query()) && fixedIpsMatch(v, r.queryAll("fixed_ips")))
                .toList();
        return SimResponse.ok(page(r, collection, views));
    }

    private SimResponse one(String root, Res res, SimRequest r) {
        ObjectNode out = Json.object();
        out.set(root, project(view(res), r.queryAll("fields")));
        return SimResponse.ok(out);
    }

    private SimResponse created(String root, Res res) {
        ObjectNode out = Json.object();
        out.set(root, view(res));
        return SimResponse.created(out);
    }

    /** The representation Neutron answers: the stored body plus what derives from other resources. */
    private ObjectNode view(Res res) {
        if (Kinds.FLOATING_IP.equals(res.kind)) {
            refreshFloatingIp(res);
        }
        ObjectNode v = res.body.deepCopy();
        if (!Kinds.SECURITY_GROUP_RULE.equals(res.kind)) {
            if (!v.has("tags")) {
                v.putArray("tags");
            }
        }
        if (!v.has("description")) {
            v.put("description", "");
        }
        if (!v.has("created_at")) {
            v.put("created_at", TIME.format(res.createdAt)).put("updated_at", TIME.format(res.createdAt));
        }
        if (!v.has("revision_number")) {
            v.put("revision_number", 0);
        }
        if (v.path("tenant_id").isNull() || !v.has("tenant_id")) {
            v.put("tenant_id", res.projectId == null ? "" : res.projectId);
            v.put("project_id", res.projectId == null ? "" : res.projectId);
        }
        switch (res.kind) {
            case Kinds.NETWORK -> {
                ArrayNode subnets = v.putArray("subnets");
                subnetsOf(res.id).forEach(s -> subnets.add(s.id));
            }
            case Kinds.SECURITY_GROUP -> {
                ArrayNode rules = v.putArray("security_group_rules");
                rulesOf(res.id).forEach(x -> rules.add(view(x)));
            }
            default -> {
            }
        }
        return v;
    }

    private static boolean fixedIpsMatch(JsonNode view, List<String> filters) {
        for (String f : filters) {
            int eq = f.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String key = f.substring(0, eq);
            String value = f.substring(eq + 1);
            boolean any = false;
            for (JsonNode ip : view.path("fixed_ips")) {
                any |= value.equals(ip.path(key).asString(""));
            }
            if (!any) {
                return false;
            }
        }
        return true;
    }

    private static boolean matchesValue(JsonNode v, List<String> wanted) {
        if (v.isArray()) {
            for (JsonNode x : v) {
                if (x.isValueNode() && containsValue(wanted, x)) {
                    return true;
                }
            }
            return false;
        }
        return v.isContainer() || containsValue(wanted, v);
    }

    private static boolean containsValue(List<String> wanted, JsonNode v) {
        String s = v.isNull() ? "" : v.asString("");
        for (String w : wanted) {
            if (w.equals(s) || (v.isBoolean() && w.equalsIgnoreCase(s))) {
                return true;
            }
        }
        return false;
    }

    private static boolean tagsMatch(JsonNode tags, Map<String, List<String>> q) {
        Set<String> have = new HashSet<>();
        tags.forEach(t -> have.add(t.asString("")));
        Function<String, List<String>> split = s -> List.of(s.split(","));
        for (String v : q.getOrDefault("tags", List.of())) {
            if (!have.containsAll(split.apply(v))) {
                return false;
            }
        }
        for (String v : q.getOrDefault("tags-any", List.of())) {
            if (Collections.disjoint(have, split.apply(v))) {
                return false;
            }
        }
        for (String v : q.getOrDefault("not-tags", List.of())) {
            if (have.containsAll(split.apply(v))) {
                return false;
            }
        }
        for (String v : q.getOrDefault("not-tags-any", List.of())) {
            if (!Collections.disjoint(have, split.apply(v))) {
                return false;
            }
        }
        return true;
    }

    // ---- access

    private boolean visible(Res res, SimRequest r) {
        if (r.token().admin() || (res.projectId != null && res.projectId.equals(r.projectId()))) {
            return true;
        }
        return switch (res.kind) {
            case Kinds.NETWORK -> sharedOrExternal(res);
            case Kinds.SUBNET -> world.get(Kinds.NETWORK, res.body.path("network_id").asString(""))
                    .map(Neutron::sharedOrExternal).orElse(false);
            default -> false;
        };
    }

    /** A resource the caller can see, or Neutron's 404 for its kind. */
    private Res get(SimRequest r, String kind, String id) {
        return world.get(kind, id == null ? "" : id).filter(x -> visible(x, r)).orElseThrow(() -> notFound(kind, id));
    }

    /** A resource the caller may change: it must see it (else 404) and own it (else 403). */
    private Res owned(SimRequest r, String kind, String action) {
        Res res = get(r, kind, r.param("id"));
        requireOwner(res, r, action);
        return res;
    }

    private static void requireOwner(Res res, SimRequest r, String action) {
        if (!r.token().admin() && !Objects.equals(res.projectId, r.projectId())) {
            throw policy(action);
        }
    }

    /** The project a new resource belongs to: the caller's, or another one only for admins. */
    private static String projectOf(SimRequest r, JsonNode b) {
        String asked = Json.text(b, "project_id") != null ? Json.text(b, "project_id") : Json.text(b, "tenant_id");
        if (asked == null || asked.equals(r.projectId())) {
            return r.projectId();
        }
        if (!r.token().admin()) {
            throw policy("create:tenant_id");
        }
        return asked;
    }

    static ServiceError notFound(String kind, String id) {
        return switch (kind) {
            case Kinds.NETWORK -> ServiceError.neutron(404, "NetworkNotFound", "Network " + id + " could not be found.");
            case Kinds.SUBNET -> ServiceError.neutron(404, "SubnetNotFound", "Subnet " + id + " could not be found.");
            case Kinds.PORT -> ServiceError.neutron(404, "PortNotFound", "Port " + id + " could not be found.");
            case Kinds.ROUTER -> ServiceError.neutron(404, "RouterNotFound", "Router " + id + " could not be found.");
            case Kinds.SECURITY_GROUP -> ServiceError.neutron(404, "SecurityGroupNotFound", "Security group " + id + " does not exist");
            case Kinds.SECURITY_GROUP_RULE -> ServiceError.neutron(404, "SecurityGroupRuleNotFound",
                    "Security group rule " + id + " does not exist");
            case Kinds.FLOATING_IP -> ServiceError.neutron(404, "FloatingIPNotFound", "Floating IP " + id + " could not be found");
            default -> ServiceError.neutron(404, "NotFound", "The resource could not be found.");
        };
    }

    private static ServiceError policy(String rule) {
        return ServiceError.neutron(403, "PolicyNotAuthorized", "rule:" + rule + " is disallowed by policy");
    }

    private static ServiceError invalid(String message) {
        return ServiceError.neutron(400, "InvalidInput", message);
    }

    private static ServiceError badRouter(String message) {
        return ServiceError.neutron(400, "BadRequest", "Bad router request: " + message + ".");
    }

    private static JsonNode body(SimRequest r, String root) {
        JsonNode b = r.body() == null ? null : r.body().get(root);
        if (b == null || !b.isObject()) {
            throw ServiceError.neutron(400, "BadRequest", "Bad " + root + " request: Unable to find '" + root + "' in request body.");
        }
        return b;
    }

    // ---- small things

    /** name, description, project and time fields every Neutron resource carries. */
    static ObjectNode base(World world, String project, String name, String description) {
        ObjectNode body = Json.object();
        if (name != null) {
            body.put("name", name);
        }
        body.put("description", description == null ? "" : description);
        body.put("tenant_id", project).put("project_id", project);
        body.putArray("tags");
        stamp(world, body);
        return body;
    }

    private static void stamp(World world, ObjectNode body) {
        String now = TIME.format(world.now());
        body.put("created_at", now).put("updated_at", now).put("revision_number", 0);
    }

    private void touch(Res res) {
        res.body.put("updated_at", TIME.format(world.now()));
        res.body.put("revision_number", res.body.path("revision_number").asInt(0) + 1);
    }

    private static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String f : fields) {
            if (from.has(f)) {
                to.set(f, from.get(f).deepCopy());
            }
        }
    }

    /** An IPv4 address as a number; Neutron's 400 when it is not a dotted quad (no DNS lookups here). */
    static long ip(String text, String attribute) {
        var m = IPV4.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw invalid("Invalid input for " + attribute + ". Reason: '" + text + "' is not a valid IP address.");
        }
        long a = 0;
        for (int i = 1; i <= 4; i++) {
            int part = Integer.parseInt(m.group(i));
            if (part > 255) {
                throw invalid("Invalid input for " + attribute + ". Reason: '" + text + "' is not a valid IP address.");
            }
            a = (a << 8) | part;
        }
        return a;
    }

    /** Ports.range, with the address checked first so that a host name never causes a DNS lookup. */
    static long[] cidrRange(String cidr) {
        String address = cidr == null || !cidr.contains("/") ? "" : cidr.substring(0, cidr.indexOf('/'));
        if (!IPV4.matcher(address).matches()) {
            throw invalid("Invalid input for cidr. Reason: '" + cidr + "' is not a valid IP subnet.");
        }
        return Ports.range(cidr.strip());
    }

    static int parseInt(String text, int fallback) {
        try {
            return text == null ? fallback : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
