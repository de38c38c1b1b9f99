package org.stackport.simulator.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nova 2.1 (no microversion) at {@code /compute/v2.1}: servers with their ports and volumes, routed with the
 * parts in NovaCatalog, NovaKeypairs, NovaServerGroups, NovaServerCreate, NovaServerParts, NovaServerViews,
 * NovaActions, NovaServerRecords and NovaHypervisors, at the microversion NovaMicroversion negotiates. Servers are BUILD for
 * {@code settings.serverBuild} (addresses from half way, when the networking is allocated), then ACTIVE (or ERROR
 * with a fault when one was injected). A delete takes {@code settings.serverDelete} in task_state deleting; the
 * ports and volumes are released at its end. Validation, quota checks and error bodies follow Nova's own wording,
 * and every answer carries an x-compute-request-id.
 */
public final class Nova implements SimService {

    public static final String SERVER = Kinds.SERVER;
    public static final String PREFIX = "/compute/v2.1";
    static final List<String> ZONES = List.of("nova", "az1", "az2", "az3");
    static final AtomicLong SEQ = new AtomicLong();
    private static final DateTimeFormatter Z = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    static final List<String> POLICIES = List.of("anti-affinity", "affinity", "soft-anti-affinity", "soft-affinity");
    private static final String REQUEST_ID = ":request-id";

    private final World world;
    private final NovaCatalog catalog;
    final NovaKeypairs keypairs;
    private final NovaServerGroups groups;
    private final NovaActions actions;
    private final NovaServerParts parts;
    private final NovaServerViews views;
    final NovaServerRecords records;
    private final NovaServerCreate creator;
    /** Ports that a server delete detached (they were made before the server): leaks while nobody uses them. */
    private final Map<String, String> detachedPorts = new HashMap<>();
    /** Servers in task_state deleting, so that ending their deletes costs no walk over every server. */
    private final Set<String> deleting = new HashSet<>();

    public Nova(World world) {
        this.world = world;
        this.catalog = new NovaCatalog(world, this);
        this.keypairs = new NovaKeypairs(world, this);
        this.groups = new NovaServerGroups(world, this);
        this.actions = new NovaActions(world, this);
        this.parts = new NovaServerParts(world, this);
        this.views = new NovaServerViews(world, this);
        this.records = new NovaServerRecords(world, this);
        this.creator = new NovaServerCreate(world, this);
        world.whenDue(this::finishDeletes);
        world.defaultQuota("instances", 10);
        world.defaultQuota("cores", 20);
        world.defaultQuota("ram", 51200);
        world.defaultQuota("key_pairs", 100);
        world.defaultQuota("server_groups", 10);
        world.defaultQuota("server_group_members", 10);
        world.defaultQuota("metadata_items", 128);
        world.usageCounter("instances", (w, p) -> (int) w.owned(Kinds.SERVER, p).count());
        world.usageCounter("cores", (w, p) -> w.owned(Kinds.SERVER, p).mapToInt(s -> s.body.path("_vcpus").asInt()).sum());
        world.usageCounter("ram", (w, p) -> w.owned(Kinds.SERVER, p).mapToInt(s -> s.body.path("_ram").asInt()).sum());
        world.usageCounter("key_pairs", (w, p) -> (int) w.owned(Kinds.KEYPAIR, p).count());
        world.usageCounter("server_groups", (w, p) -> (int) w.owned(Kinds.SERVER_GROUP, p).count());
        world.orphanDetector(this::orphans);
    }

    @Override
    public void register(Router router) {
        route(router, "GET", "/compute", false, r -> SimResponse.ok(versions(r)));
        route(router, "GET", PREFIX, false, r -> SimResponse.ok(version(r)));

        catalog.register(router);
        keypairs.register(router);
        groups.register(router);


        route(router, "POST", PREFIX + "/servers", creator::create);
        route(router, "GET", PREFIX + "/servers", r -> views.servers(r, false));
        route(router, "GET", PREFIX + "/servers/detail", r -> views.servers(r, true));
        route(router, "GET", PREFIX + "/servers/{id}", r -> one("server", serverView(server(r, r.param("id")), r)));
        route(router, "DELETE", PREFIX + "/servers/{id}", r -> {
            Res server = server(r, r.param("id"));
            checkUnlocked(r, server);
            if (server.deletingUntil == null) {
                records.record(server, "delete", r);
            }
            startDelete(server);
            return SimResponse.noContent();
        });
        actions.register(router);
        parts.register(router);
        records.register(router);
        new NovaHypervisors(world, this).register(router);
    }

    /** The id Nova logs a request under (its x-compute-request-id), as a pseudo-header a client cannot send. */
    static String requestId(SimRequest r) {
        return r.headers().get(REQUEST_ID);
    }

    void route(Router router, String method, String path, Handler handler) {
        route(router, method, path, true, handler);
    }

    /**
     * Every Nova answer, an error included, carries the request id Nova logs it under, and the microversion it was
     * made at (chosen before the route runs; a malformed version leaves none to name).
     */
    void route(Router router, String method, String path, boolean authenticated, Handler handler) {
        router.add(method, path, authenticated, original -> {
            String requestId = "req-" + World.uuid();
            Map<String, String> withId = new HashMap<>(original.headers());
            withId.put(REQUEST_ID, requestId);
            SimRequest r = new SimRequest(original.method(), original.path(), original.route(), original.params(),
                    original.query(), withId, original.body(), original.token());
            SimResponse response;
            NovaMicroversion version = null;
            try {
                version = NovaMicroversion.of(r);
                response = handler.handle(r);
            } catch (NovaMicroversion.Refused e) {
                version = e.version;
                response = SimResponse.status(e.status(), e.body());
            } catch (ServiceError e) {
                response = SimResponse.status(e.status(), e.body());
            }
            Map<String, String> headers = new LinkedHashMap<>(response.headers());
            if (version != null) {
                headers.putAll(version.headers());
            }
            headers.put("x-compute-request-id", requestId);
            return new SimResponse(response.status(), response.body(), headers);
        });
    }

    // ---- servers

    /** Nova's check_instance_lock: a locked server refuses changes to everyone but an admin. */
    static void checkUnlocked(SimRequest r, Res s) {
        if (s.body.has("_locked_by") && !r.token().admin()) {
            throw ServiceError.nova(409, "conflictingRequest", "Instance " + s.id + " is locked");
        }
    }

    Res server(SimRequest r, String id) {
        return world.get(Kinds.SERVER, id).filter(s -> s.projectId.equals(r.projectId()) || r.token().admin())
                .orElseThrow(() -> ServiceError.nova(404, "itemNotFound", "Instance " + id + " could not be found."));
    }

    void checkMetadata(String projectId, JsonNode metadata) {
        if (metadata.isMissingNode() || metadata.isNull()) {
            return;
        }
        if (!metadata.isObject()) {
            throw badRequest("Invalid input for field/attribute metadata. Value: " + metadata + ". " + metadata + " is not of type 'object'");
        }
        for (var e : metadata.properties()) {
            if (e.getKey().isEmpty() || e.getKey().length() > 255 || !e.getValue().isString() || e.getValue().asString().length() > 255) {
                throw badRequest("Invalid input for field/attribute metadata. Value: " + metadata
                        + ". Additional properties are not allowed (keys and values are strings of 1 to 255 characters)");
            }
        }
        int limit = world.quota(projectId, "metadata_items");
        if (limit >= 0 && metadata.size() > limit) {
            throw ServiceError.nova(403, "forbidden", "Quota exceeded for metadata_items: Requested " + metadata.size()
                    + ", but already used 0 of " + limit + " metadata_items");
        }
    }

    /**
     * Nova answers a delete at once and takes {@code settings.serverDelete} to do it: meanwhile the server is read
     * with task_state deleting and keeps its ports and volumes (Neutron and Cinder see them in use). A second
     * delete changes nothing.
     */
    void startDelete(Res server) {
        if (server.deletingUntil == null) {
            server.deletingUntil = world.now().plus(world.settings.serverDelete());
            deleting.add(server.id);
        }
    }

    /** Ends the deletes whose time has come (run before every call, whichever service it goes to). */
    private void finishDeletes() {
        if (deleting.isEmpty()) {
            return;
        }
        var now = world.now();
        for (String id : List.copyOf(deleting)) {
            Res server = world.get(Kinds.SERVER, id).orElse(null);
            if (server == null || !now.isBefore(server.deletingUntil)) {
                deleting.remove(id);
                if (server != null) {
                    deleteServer(server);
                }
            }
        }
    }

    private void deleteServer(Res server) {
        releasePorts(server);
        for (JsonNode v : server.body.path("_volumes")) {
            world.get(Kinds.VOLUME, v.path("volume_id").asString()).ifPresent(volume -> {
                Cinder.detach(volume, server.id);
                if (v.path("delete_on_termination").asBoolean(false)) {
                    world.remove(Kinds.VOLUME, volume.id);
                }
            });
        }
        String group = Json.text(server.body, "_group");
        if (group != null) {
            world.get(Kinds.SERVER_GROUP, group).ifPresent(g -> {
                ArrayNode members = (ArrayNode) g.body.get("members");
                for (int i = members.size() - 1; i >= 0; i--) {
                    if (server.id.equals(members.get(i).asString())) {
                        members.remove(i);
                    }
                }
            });
        }
        world.remove(Kinds.SERVER, server.id);
    }

    /** Deletes the ports Nova made for a server and unbinds the ones it was given. */
    /** A port given to a new server is no longer one a deleted server left unbound. */
    void adoptPort(String portId) {
        detachedPorts.remove(portId);
    }

    void releasePorts(Res server) {
        List<String> own = new ArrayList<>();
        server.body.path("_nova_ports").forEach(p -> own.add(p.asString()));
        for (JsonNode p : server.body.path("_ports")) {
            String id = p.asString();
            world.get(Kinds.PORT, id).filter(port -> server.id.equals(port.body.path("device_id").asString())).ifPresent(port -> {
                if (own.contains(id)) {
                    world.remove(Kinds.PORT, id);
                } else {
                    port.body.put("device_id", "").put("device_owner", "").put("status", "DOWN").put("binding:host_id", "");
                    detachedPorts.put(id, server.id);
                }
            });
        }
        ((ArrayNode) server.body.get("_ports")).removeAll();
        ((ArrayNode) server.body.get("_nova_ports")).removeAll();
    }

    String status(Res s) {
        if (!s.settled(world.now())) {
            return "BUILD";
        }
        settleTask(s);
        if (s.forcedStatus != null) {
            return s.forcedStatus;
        }
        String task = Json.text(s.body, "_task");
        if ("rebooting".equals(task)) {
            return "REBOOT";
        }
        if ("rebooting_hard".equals(task)) {
            return "HARD_REBOOT";
        }
        if ("rebuilding".equals(task)) {
            return "REBUILD";
        }
        return "stopped".equals(Json.text(s.body, "_vm")) ? "SHUTOFF" : "ACTIVE";
    }

    /** The vm_state: building, error, or the state a task (reboot, rebuild) leaves the server in ("active", "stopped"). */
    String vmState(Res s) {
        return switch (status(s)) {
            case "BUILD" -> "building";
            case "ACTIVE", "SHUTOFF", "REBOOT", "HARD_REBOOT", "REBUILD" -> s.body.path("_vm").asString("active");
            default -> status(s).toLowerCase();
        };
    }

    /** deleting wins over the task a delete interrupts; a build is spawning. */
    String taskState(Res s) {
        if (s.deletingUntil != null) {
            return "deleting";
        }
        if ("BUILD".equals(status(s))) {
            return "spawning";
        }
        return Json.text(s.body, "_task");
    }

    /** Starts a stop, start or reboot: it ends after {@code settings.serverAction} in vm_state {@code then}. */
    void startTask(Res s, String task, String then) {
        s.body.put("_task", task).put("_task_then", then)
                .put("_task_until", world.now().plus(world.settings.serverAction()).toEpochMilli());
        s.body.put("_updated", world.now().toString());
    }

    private void settleTask(Res s) {
        String task = Json.text(s.body, "_task");
        if (task != null && world.now().toEpochMilli() >= s.body.path("_task_until").asLong()) {
            s.body.put("_vm", s.body.path("_task_then").asString("active"));
            s.body.remove(List.of("_task", "_task_then", "_task_until"));
            s.forcedStatus = null; // a stop or a hard reboot brings a failed server to a known state
            s.body.put("_updated", Instant.ofEpochMilli(world.now().toEpochMilli()).toString());
        }
    }

    /** When the server last changed, as Nova's updated field and changes-since filter see it. */
    Instant updatedAt(Res s) {
        Instant t = s.createdAt;
        if (s.readyAt != null && !"BUILD".equals(status(s)) && s.readyAt.isAfter(t)) {
            t = s.readyAt;
        }
        String updated = Json.text(s.body, "_updated");
        if (updated != null && Instant.parse(updated).isAfter(t)) {
            t = Instant.parse(updated);
        }
        if (s.deletingUntil != null) {
            Instant deleteStarted = s.deletingUntil.minus(world.settings.serverDelete());
            t = deleteStarted.isAfter(t) ? deleteStarted : t;
        }
        return t;
    }

    ObjectNode serverView(Res s, SimRequest r) {
        return views.serverView(s, r);
    }

    /** The server as Nova's update and rebuild answer it at 2.1: the show view without the extensions' fields. */
    ObjectNode updateView(Res s, SimRequest r) {
        return views.updateView(s, r);
    }

    /** A password Nova generates when the request gives none (utils.generate_password: 12 characters). */
    static String password() {
        return World.uuid().replace("-", "").substring(0, 12);
    }

    ObjectNode addresses(Res s) {
        return views.addresses(s);
    }

    // ---- orphans

    private List<World.Orphan> orphans(World w) {
        List<World.Orphan> found = new ArrayList<>();
        w.all(Kinds.PORT).forEach(port -> {
            String owner = port.body.path("device_owner").asString("");
            String device = port.body.path("device_id").asString("");
            if (owner.startsWith("compute:") && !device.isEmpty() && w.get(Kinds.SERVER, device).isEmpty()) {
                found.add(new World.Orphan(Kinds.PORT, port.id, port.name(), port.projectId, "port of deleted server " + device));
            }
        });
        detachedPorts.entrySet().removeIf(e -> w.get(Kinds.PORT, e.getKey())
                .map(p -> !p.body.path("device_id").asString("").isEmpty()).orElse(true));
        detachedPorts.forEach((portId, serverId) -> w.get(Kinds.PORT, portId).ifPresent(port -> found.add(new World.Orphan(
                Kinds.PORT, port.id, port.name(), port.projectId, "port left unbound by deleted server " + serverId))));
        w.all(Kinds.KEYPAIR).filter(k -> !NovaKeypairs.SEED_KEYPAIR.equals(k.name())).forEach(k -> {
            boolean used = w.owned(Kinds.SERVER, k.projectId).anyMatch(s -> k.name().equals(s.body.path("key_name").asString()));
            if (!used) {
                found.add(new World.Orphan(Kinds.KEYPAIR, k.id, k.name(), k.projectId, "key pair used by no server"));
            }
        });
        w.all(Kinds.SERVER_GROUP).filter(g -> g.body.path("members").isEmpty()).forEach(g -> found.add(
                new World.Orphan(Kinds.SERVER_GROUP, g.id, g.name(), g.projectId, "server group without members")));
        return found;
    }

    // ---- helpers shared with Cinder and Glance

    static String isoZ(Instant t) {
        return Z.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    static String isoMicros(Instant t) {
        return MICROS.format(t);
    }

    /** The URL the client used to reach us (for links), from the Host header. */
    static String base(SimRequest r) {
        String host = r.headers().get("host");
        return r.scheme() + "://" + (host == null ? "127.0.0.1" : host);
    }

    static int intQuery(SimRequest r, String name, int fallback) {
        String v = r.query(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ErrorFormat.forPath(r.path(), 400, "Invalid input for query parameters " + name + ". Value: " + v
                    + ". '" + v + "' does not match '^[0-9]*$'");
        }
    }

    /** One page by {@code limit} and {@code marker} (an id of the previous page's last item), as Nova and Cinder page. */
    static List<Res> page(List<Res> sorted, SimRequest r, Function<String, ServiceError> markerNotFound) {
        int from = 0;
        String marker = r.query("marker");
        if (marker != null) {
            from = -1;
            for (int i = 0; i < sorted.size(); i++) {
                if (sorted.get(i).id.equals(marker)) {
                    from = i + 1;
                    break;
                }
            }
            if (from < 0) {
                throw markerNotFound.apply(marker);
            }
        }
        int limit = Math.min(intQuery(r, "limit", 1000), 1000);
        return sorted.subList(from, Math.min(sorted.size(), from + Math.max(limit, 0)));
    }

    static ArrayNode links(SimRequest r, String collection, String id) {
        ArrayNode links = Json.array();
        links.addObject().put("rel", "self").put("href", base(r) + PREFIX + "/" + collection + "/" + id);
        links.addObject().put("rel", "bookmark").put("href", base(r) + "/compute/" + collection + "/" + id);
        return links;
    }

    static JsonNode root(SimRequest r, String name) {
        JsonNode node = r.body() == null ? null : r.body().get(name);
        if (node == null || !node.isObject()) {
            throw badRequest("Invalid input for field/attribute " + name + ". Value: " + r.body() + ". '" + name + "' is a required property");
        }
        return node;
    }

    static SimResponse one(String root, JsonNode node) {
        ObjectNode body = Json.object();
        body.set(root, node);
        return SimResponse.ok(body);
    }

    static ServiceError badRequest(String message) {
        return ServiceError.nova(400, "badRequest", message);
    }

    /** {@code GET /compute/}: Nova lists v2.0 (the legacy API) and v2.1 with the microversion range served. */
    private static ObjectNode versions(SimRequest r) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("versions");
        list.addObject().put("id", "v2.0").put("status", "SUPPORTED").put("version", "").put("min_version", "")
                .put("updated", "2011-01-21T11:33:21Z")
                .putArray("links").addObject().put("rel", "self").put("href", base(r) + "/compute/v2/");
        list.addObject().put("id", "v2.1").put("status", "CURRENT").put("version", NovaMicroversion.MAX.toString())
                .put("min_version", NovaMicroversion.MIN.toString()).put("updated", "2013-07-23T11:33:21Z")
                .putArray("links").addObject().put("rel", "self").put("href", base(r) + PREFIX + "/");
        return body;
    }

    private static ObjectNode version(SimRequest r) {
        ObjectNode body = Json.object();
        ObjectNode v = body.putObject("version");
        v.put("id", "v2.1").put("status", "CURRENT").put("version", NovaMicroversion.MAX.toString())
                .put("min_version", NovaMicroversion.MIN.toString()).put("updated", "2013-07-23T11:33:21Z");
        ArrayNode links = v.putArray("links");
        links.addObject().put("rel", "self").put("href", base(r) + PREFIX + "/");
        links.addObject().put("rel", "describedby").put("type", "text/html").put("href", "http://docs.openstack.org/");
        v.putArray("media-types").addObject().put("base", "application/json")
                .put("type", "application/vnd.openstack.compute+json;version=2.1");
        return body;
    }

    @Override
    public String statusOf(Res res) {
        return switch (res.kind) {
            case Kinds.SERVER -> status(res);
            case Kinds.FLAVOR, Kinds.KEYPAIR, Kinds.SERVER_GROUP -> "";
            default -> null;
        };
    }
}
