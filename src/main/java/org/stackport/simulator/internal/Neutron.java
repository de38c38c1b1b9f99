package org.stackport.simulator.internal;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
 * Seeds the external network {@code public} and the tenant network {@code private} of project dev. This class
 * routes and holds what every resource shares (lists, views, access, tags, quotas, errors); each resource's own
 * rules live in a class of its own (NeutronNetworks, NeutronSubnets, NeutronPorts, NeutronRouters,
 * NeutronSecurityGroups, NeutronFloatingIps).
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
    static final Comparator<Res> ORDER = Comparator.comparing((Res r) -> r.createdAt).thenComparing(r -> r.id);

    private final World world;
    final NeutronNetworks networks;
    final NeutronSubnets subnets;
    final NeutronPorts ports;
    final NeutronRouters routers;
    final NeutronSecurityGroups securityGroups;
    final NeutronFloatingIps floatingIps;
    final NeutronSubnetPools subnetPools;

    /** The external network of devstack's default range; see {@link #Neutron(World, String)}. */
    public static final String DEVSTACK_PUBLIC_CIDR = "172.24.4.0/24";

    private final String publicCidr;

    public Neutron(World world) {
        this(world, DEVSTACK_PUBLIC_CIDR);
    }

    /**
     * A Neutron whose external network {@code public} has the subnet {@code publicCidr}: the simulator gives it a
     * loopback range, so that a floating IP is an address this machine can reach, as a real floating IP is from
     * outside the cloud.
     */
    public Neutron(World world, String publicCidr) {
        this.world = world;
        this.publicCidr = publicCidr;
        this.networks = new NeutronNetworks(world, this);
        this.subnets = new NeutronSubnets(world, this);
        this.ports = new NeutronPorts(world, this);
        this.routers = new NeutronRouters(world, this);
        this.securityGroups = new NeutronSecurityGroups(world, this);
        this.floatingIps = new NeutronFloatingIps(world, this);
        this.subnetPools = new NeutronSubnetPools(world, this);
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
        q.put(NeutronSubnetPools.KIND, -1);
        return Collections.unmodifiableMap(q);
    }

    private void seed() {
        String admin = world.project("admin", null).orElseThrow().id();
        String dev = world.project("dev", null).orElseThrow().id();
        // creating a project's first network creates its default security group, as Neutron does
        defaultSecurityGroup(world, admin);
        defaultSecurityGroup(world, dev);
        // external but not shared, as devstack makes it: every project sees it, only admins put ports on it
        Res pub = world.add(Kinds.NETWORK, admin, NeutronNetworks.networkBody(world, admin, Json.object().put("name", "public")
                .put("shared", false).put("router:external", true)));
        Res pubSubnet = world.add(Kinds.SUBNET, admin, subnets.subnetBody(pub, admin, Json.object().put("name", "public-subnet")
                .put("enable_dhcp", false), publicCidr));
        Res priv = world.add(Kinds.NETWORK, dev, NeutronNetworks.networkBody(world, dev, Json.object().put("name", "private")));
        ObjectNode privSubnet = Json.object().put("name", "private-subnet");
        privSubnet.putArray("dns_nameservers").add("8.8.8.8").add("8.8.4.4");
        Res privateSubnet = world.add(Kinds.SUBNET, dev, subnets.subnetBody(priv, dev, privSubnet, "10.0.0.0/16"));
        // devstack's router1: the private subnet reaches the external network, so its ports can have floating IPs
        Res router = routers.seedRouter(dev, "router1", pub, pubSubnet);
        Res iface = Ports.create(world, dev, priv.id, privateSubnet.id, "", router.id, OWNER_ROUTER_INTERFACE);
        ((ObjectNode) iface.body.get("fixed_ips").get(0)).put("ip_address", Json.text(privateSubnet.body, "gateway_ip"));
        stamp(world, iface.body);
    }

    // ---- helpers other services use (under the world's lock)

    /** The project's security group "default", created with Neutron's four default rules when missing. */
    public static Res defaultSecurityGroup(World world, String projectId) {
        return world.owned(Kinds.SECURITY_GROUP, projectId).filter(sg -> DEFAULT_SECURITY_GROUP.equals(sg.name()))
                .findFirst().orElseGet(() -> {
                    Res sg = world.add(Kinds.SECURITY_GROUP, projectId,
                            base(world, projectId, DEFAULT_SECURITY_GROUP, "Default security group").put("stateful", true));
                    NeutronSecurityGroups.addRule(world, sg, "egress", "IPv4", null, null, null, null, null);
                    NeutronSecurityGroups.addRule(world, sg, "egress", "IPv6", null, null, null, null, null);
                    NeutronSecurityGroups.addRule(world, sg, "ingress", "IPv4", null, null, null, null, sg.id);
                    NeutronSecurityGroups.addRule(world, sg, "ingress", "IPv6", null, null, null, null, sg.id);
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

    /** How the parts of Neutron kept in classes of their own add their routes under the v2.0 prefix. */
    interface Routes {
        void add(String method, String path, Handler handler);
    }

    @Override
    public void register(Router router) {
        route(router, "GET", "", this::resources);
        route(router, "GET", "/networks", r -> list(r, Kinds.NETWORK, "networks"));
        route(router, "POST", "/networks", r -> create(r, "network", networks::createNetwork));
        route(router, "GET", "/networks/{id}", r -> one("network", get(r, Kinds.NETWORK, r.param("id")), r));
        route(router, "PUT", "/networks/{id}", r -> one("network", networks.updateNetwork(r), r));
        route(router, "DELETE", "/networks/{id}", networks::deleteNetwork);

        route(router, "GET", "/subnets", r -> list(r, Kinds.SUBNET, "subnets"));
        route(router, "POST", "/subnets", r -> create(r, "subnet", subnets::createSubnet));
        route(router, "GET", "/subnets/{id}", r -> one("subnet", get(r, Kinds.SUBNET, r.param("id")), r));
        route(router, "PUT", "/subnets/{id}", r -> one("subnet", subnets.updateSubnet(r), r));
        route(router, "DELETE", "/subnets/{id}", subnets::deleteSubnet);

        route(router, "GET", "/subnetpools", r -> list(r, NeutronSubnetPools.KIND, "subnetpools"));
        route(router, "POST", "/subnetpools", r -> create(r, "subnetpool", subnetPools::createSubnetPool));
        route(router, "GET", "/subnetpools/{id}", r -> one("subnetpool", get(r, NeutronSubnetPools.KIND, r.param("id")), r));
        route(router, "PUT", "/subnetpools/{id}", r -> one("subnetpool", subnetPools.updateSubnetPool(r), r));
        route(router, "DELETE", "/subnetpools/{id}", subnetPools::deleteSubnetPool);

        route(router, "GET", "/ports", r -> list(r, Kinds.PORT, "ports"));
        route(router, "POST", "/ports", r -> create(r, "port", ports::createPort));
        route(router, "GET", "/ports/{id}", r -> one("port", get(r, Kinds.PORT, r.param("id")), r));
        route(router, "PUT", "/ports/{id}", r -> one("port", ports.updatePort(r), r));
        route(router, "DELETE", "/ports/{id}", ports::deletePort);

        route(router, "GET", "/routers", r -> list(r, Kinds.ROUTER, "routers"));
        route(router, "POST", "/routers", r -> created("router", routers.createRouter(r), r));
        route(router, "GET", "/routers/{id}", r -> one("router", get(r, Kinds.ROUTER, r.param("id")), r));
        route(router, "PUT", "/routers/{id}", r -> one("router", routers.updateRouter(r), r));
        route(router, "DELETE", "/routers/{id}", routers::deleteRouter);
        route(router, "PUT", "/routers/{id}/add_router_interface", routers::addRouterInterface);
        route(router, "PUT", "/routers/{id}/remove_router_interface", routers::removeRouterInterface);

        route(router, "GET", "/security-groups", r -> list(r, Kinds.SECURITY_GROUP, "security_groups"));
        route(router, "POST", "/security-groups", r -> created("security_group", securityGroups.createSecurityGroup(r), r));
        route(router, "GET", "/security-groups/{id}", r -> one("security_group", get(r, Kinds.SECURITY_GROUP, r.param("id")), r));
        route(router, "PUT", "/security-groups/{id}", r -> one("security_group", securityGroups.updateSecurityGroup(r), r));
        route(router, "DELETE", "/security-groups/{id}", securityGroups::deleteSecurityGroup);

        route(router, "GET", "/security-group-rules", r -> list(r, Kinds.SECURITY_GROUP_RULE, "security_group_rules"));
        route(router, "POST", "/security-group-rules", r -> created("security_group_rule", securityGroups.createRule(r), r));
        route(router, "GET", "/security-group-rules/{id}", r -> one("security_group_rule", get(r, Kinds.SECURITY_GROUP_RULE, r.param("id")), r));
        route(router, "DELETE", "/security-group-rules/{id}", securityGroups::deleteRule);

        route(router, "GET", "/floatingips", r -> list(r, Kinds.FLOATING_IP, "floatingips"));
        route(router, "POST", "/floatingips", r -> created("floatingip", floatingIps.createFloatingIp(r), r));
        route(router, "GET", "/floatingips/{id}", r -> one("floatingip", get(r, Kinds.FLOATING_IP, r.param("id")), r));
        route(router, "PUT", "/floatingips/{id}", r -> one("floatingip", floatingIps.updateFloatingIp(r), r));
        route(router, "DELETE", "/floatingips/{id}", floatingIps::deleteFloatingIp);

        Routes routes = (method, path, handler) -> route(router, method, path, handler);
        new NeutronTags(this).register(routes);
        new NeutronQuotas(world).register(routes);
        new NeutronAgents(world).register(routes);
        NeutronExtensions.register(router, PREFIX);
        VersionDocuments.neutron(router);
    }

    /**
     * {@code GET /v2.0/}: the core resources of the API version with their collections' links (extensions' resources
     * are listed by /extensions, not here).
     */
    private SimResponse resources(SimRequest r) {
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray("resources");
        Map<String, String> served = new LinkedHashMap<>();
        served.put("network", "networks");
        served.put("subnet", "subnets");
        served.put("port", "ports");
        served.put("subnetpool", "subnetpools");
        served.forEach((name, collection) -> list.addObject().put("name", name).put("collection", collection)
                .putArray("links").addObject().put("rel", "self").put("href", Nova.base(r) + PREFIX + "/" + collection));
        return SimResponse.ok(out);
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
                floatingIps.refreshFloatingIp(res);
                yield res.body.path("status").asString("DOWN");
            }
            default -> null;
        };
    }

    private List<World.Orphan> orphans(World w) {
        List<World.Orphan> out = new ArrayList<>();
        w.all(Kinds.FLOATING_IP).sorted(ORDER).forEach(fip -> {
            floatingIps.refreshFloatingIp(fip);
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

    Stream<Res> subnetsOf(String networkId) {
        return world.all(Kinds.SUBNET).filter(s -> networkId.equals(s.body.path("network_id").asString(""))).sorted(ORDER);
    }

    private static boolean sharedOrExternal(Res network) {
        return network.body.path("shared").asBoolean(false) || network.body.path("router:external").asBoolean(false);
    }

    static boolean hasIpOn(Res port, String subnetId) {
        for (JsonNode ip : port.body.path("fixed_ips")) {
            if (subnetId.equals(ip.path("subnet_id").asString(""))) {
                return true;
            }
        }
        return false;
    }

    void quota(String projectId, String resource) {
        if (world.exceeds(projectId, resource, 1)) {
            throw ServiceError.neutron(409, "OverQuota", "Quota exceeded for resources: ['" + resource + "'].");
        }
    }

    // ---- views and lists

    private SimResponse list(SimRequest r, String kind, String collection) {
        List<ObjectNode> views = world.all(kind).filter(x -> visible(x, r)).sorted(ORDER).map(x -> view(x, r))
                .filter(v -> matchesQuery(v, r.query()) && fixedIpsMatch(v, r.queryAll("fixed_ips")))
                .toList();
        return SimResponse.ok(page(r, collection, views));
    }

    private SimResponse one(String root, Res res, SimRequest r) {
        ObjectNode out = Json.object();
        out.set(root, project(view(res, r), r.queryAll("fields")));
        return SimResponse.ok(out);
    }

    /**
     * A POST of one resource, or of many in one call ({"ports": [...]}, Neutron's native bulk create): all are made
     * or, when one is refused, none (the ones made are taken back and the refusal answered).
     */
    private SimResponse create(SimRequest r, String root, Function<SimRequest, Res> maker) {
        JsonNode many = r.body() == null || r.body().has(root) ? null : r.body().get(root + "s");
        if (many == null) {
            return created(root, maker.apply(r), r);
        }
        if (!many.isArray() || many.isEmpty()) {
            throw ServiceError.neutron(400, "BadRequest", many.isArray() ? "Resources required" : "Body contains invalid data");
        }
        List<Res> made = new ArrayList<>();
        try {
            for (JsonNode item : many) {
                ObjectNode one = Json.object();
                one.set(root, item.has(root) ? item.get(root) : item);
                made.add(maker.apply(new SimRequest(r.method(), r.path(), r.route(), r.params(), r.query(), r.headers(), one, r.token())));
            }
        } catch (ServiceError e) {
            made.reversed().forEach(x -> world.remove(x.kind, x.id));
            throw e;
        }
        ObjectNode out = Json.object();
        ArrayNode list = out.putArray(root + "s");
        made.forEach(x -> list.add(view(x, r)));
        return SimResponse.created(out);
    }

    private SimResponse created(String root, Res res, SimRequest r) {
        ObjectNode out = Json.object();
        out.set(root, view(res, r));
        return SimResponse.created(out);
    }

    /**
     * The representation Neutron answers the caller: the stored body plus what derives from other resources, less
     * the attributes its policy shows to admins only.
     */
    private ObjectNode view(Res res, SimRequest r) {
        if (Kinds.FLOATING_IP.equals(res.kind)) {
            floatingIps.refreshFloatingIp(res);
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
                securityGroups.rulesOf(res.id).forEach(x -> rules.add(view(x, r)));
            }
            case Kinds.PORT -> NeutronPorts.binding(v, r.token() != null && r.token().admin());
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
            case NeutronSubnetPools.KIND -> res.body.path("shared").asBoolean(false);
            // an external network is seen by every project, its subnets only where it is also shared (get_subnet policy)
            case Kinds.SUBNET -> world.get(Kinds.NETWORK, res.body.path("network_id").asString(""))
                    .map(n -> n.body.path("shared").asBoolean(false)).orElse(false);
            default -> false;
        };
    }

    /** A resource the caller can see, or Neutron's 404 for its kind. */
    Res get(SimRequest r, String kind, String id) {
        return world.get(kind, id == null ? "" : id).filter(x -> visible(x, r)).orElseThrow(() -> notFound(kind, id));
    }

    /** A resource the caller may change: it must see it (else 404) and own it (else 403). */
    Res owned(SimRequest r, String kind, String action) {
        Res res = get(r, kind, r.param("id"));
        requireOwner(res, r, action);
        return res;
    }

    static void requireOwner(Res res, SimRequest r, String action) {
        if (!r.token().admin() && !Objects.equals(res.projectId, r.projectId())) {
            throw policy(action);
        }
    }

    /** The project a new resource belongs to: the caller's, or another one only for admins. */
    static String projectOf(SimRequest r, JsonNode b) {
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
            case NeutronSubnetPools.KIND -> ServiceError.neutron(404, "SubnetPoolNotFound", "Subnet pool " + id + " could not be found.");
            default -> ServiceError.neutron(404, "NotFound", "The resource could not be found.");
        };
    }

    static ServiceError policy(String rule) {
        return ServiceError.neutron(403, "PolicyNotAuthorized", "rule:" + rule + " is disallowed by policy");
    }

    static ServiceError invalid(String message) {
        return ServiceError.neutron(400, "InvalidInput", message);
    }

    static ServiceError badRouter(String message) {
        return ServiceError.neutron(400, "BadRequest", "Bad router request: " + message + ".");
    }

    static JsonNode body(SimRequest r, String root) {
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

    static void stamp(World world, ObjectNode body) {
        String now = TIME.format(world.now());
        body.put("created_at", now).put("updated_at", now).put("revision_number", 0);
    }

    void touch(Res res) {
        res.body.put("updated_at", TIME.format(world.now()));
        res.body.put("revision_number", res.body.path("revision_number").asInt(0) + 1);
    }

    static void copy(JsonNode from, ObjectNode to, String... fields) {
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
