package org.stackport.simulator.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cinder v3 at {@code /volume/v3/{project_id}}, microversion 3.0: the volume model (creating → available, in-use
 * while attached, deleting → gone; views and the helpers Nova uses) and the routing every Cinder route shares. The
 * API itself lives in its parts: volumes ({@link CinderVolumes}), volume actions and metadata
 * ({@link CinderVolumeActions}, {@link CinderMetadata}), types ({@link CinderTypes}), quotas and limits
 * ({@link CinderQuotas}), snapshots ({@link CinderSnapshots}), transfers ({@link CinderTransfers}), QoS specs
 * ({@link CinderQos}) and the backend's admin view ({@link CinderBackend}). A volume whose delete has finished is
 * removed when the next Cinder call (or an inventory, quota or orphan read) sees it. Nova creates, attaches and
 * deletes volumes through the static helpers here, so both services keep one notion of a volume.
 */
public final class Cinder implements SimService {

    public static final String PREFIX = "/volume/v3/{project_id}";
    static final List<String> ZONES = Nova.ZONES;
    static final String DEFAULT_TYPE = "lvmdriver-1";
    /** The backend every volume lives on, as Cinder's host@backend#pool. */
    static final String HOST = "stackport-sim";
    static final String BACKEND_HOST = HOST + "@lvmdriver-1#lvmdriver-1";
    /** Volumes that were attached once and are available now (a leak when nobody deletes them). */
    static final String WAS_ATTACHED_TO = "_was_attached_to";
    /** The status shown while a transition other than the create runs (extending, retyping). */
    static final String BUSY = "_busy";
    /** Fields a running transition sets when it ends. */
    static final String PENDING = "_pending";
    /** Cinder's admin metadata that its views merge into {@code metadata} (readonly, attached_mode). */
    static final String ADMIN_METADATA = "_admin_metadata";
    static final String IN_USE_MESSAGE = "Invalid volume: Volume status must be available or error or "
            + "error_restoring or error_extending or error_managing and must not be migrating, attached, belong to "
            + "a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.";

    private final World world;
    private final List<Part> parts;

    /** A group of Cinder routes kept in its own class. */
    interface Part {
        void register(Router router);
    }

    public Cinder(World world) {
        this.world = world;
        CinderTypes.seed(world);
        CinderQuotas.defaults(world);
        world.orphanDetector(Cinder::orphans);
        world.beforeRead(() -> sweep(world));
        this.parts = List.of(new CinderVolumes(world, this), new CinderTypes(world, this), new CinderQuotas(world, this),
                new CinderVolumeActions(world, this), new CinderSnapshots(world, this), new CinderTransfers(world, this),
                new CinderQos(world, this), new CinderBackend(world, this));
    }

    @Override
    public void register(Router router) {
        VersionDocuments.cinder(router);
        // Cinder's router knows no volume without an id: "/volumes/" is not the collection
        for (String method : List.of("GET", "PUT", "DELETE", "POST")) {
            route(router, method, PREFIX + "/volumes/", r -> {
                throw notFound("The resource could not be found.");
            });
        }
        parts.forEach(p -> p.register(router));
    }

    /**
     * Registers a Cinder route: every call negotiates the microversion (the answer names it, errors included) and
     * first removes what finished deleting, so reads see Cinder's current state.
     */
    void route(Router router, String method, String path, Handler handler) {
        router.add(method, path, r -> {
            String version = microversion(r);
            sweep(world);
            SimResponse response;
            try {
                response = handler.handle(r);
            } catch (ServiceError e) {
                response = SimResponse.status(e.status(), e.body());
            }
            Map<String, String> headers = new LinkedHashMap<>(response.headers());
            headers.put("OpenStack-API-Version", "volume " + version);
            headers.put("Vary", "OpenStack-API-Version");
            return new SimResponse(response.status(), response.body(), headers);
        });
    }

    /**
     * The microversion a request asks for with {@code OpenStack-API-Version: volume X.Y} (3.0 without one; "latest"
     * is the maximum), refused as Cinder does: 400 when malformed, 406 outside the range the simulator implements.
     */
    static String microversion(SimRequest r) {
        String header = r.headers().get("openstack-api-version");
        String asked = null;
        if (header != null) {
            for (String part : header.split(",")) {
                String[] words = part.strip().split("\\s+");
                if (words.length == 2 && words[0].equalsIgnoreCase("volume")) {
                    asked = words[1];
                }
            }
        }
        if (asked == null) {
            return VersionDocuments.CINDER_MIN;
        }
        if (asked.equalsIgnoreCase("latest")) {
            return VersionDocuments.CINDER_MAX;
        }
        if (!asked.matches("[1-9]\\d*\\.([1-9]\\d*|0)")) {
            throw badRequest("API Version String " + asked + " is of invalid format. Must be of format MajorNum.MinorNum.");
        }
        if (compareVersions(asked, VersionDocuments.CINDER_MIN) < 0 || compareVersions(asked, VersionDocuments.CINDER_MAX) > 0) {
            throw ServiceError.cinder(406, "computeFault", "Version " + asked + " is not supported by the API. Minimum is "
                    + VersionDocuments.CINDER_MIN + " and maximum is " + VersionDocuments.CINDER_MAX + ".");
        }
        return asked;
    }

    private static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        int major = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
        return major != 0 ? major : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
    }

    // ---- errors and request helpers shared by the Cinder parts

    static ServiceError badRequest(String message) {
        return ServiceError.cinder(400, "badRequest", message);
    }

    static ServiceError notFound(String message) {
        return ServiceError.cinder(404, "itemNotFound", message);
    }

    /** Cinder's answer when the request body fails its JSON schema. */
    static ServiceError invalid(String field, JsonNode value, String reason) {
        return badRequest("Invalid input for field/attribute " + field + ". Value: " + python(value) + ". " + reason);
    }

    /** How Cinder's messages print a JSON value (Python's repr of the decoded body). */
    static String python(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "None";
        }
        if (value.isBoolean()) {
            return value.asBoolean() ? "True" : "False";
        }
        return value.isString() ? value.asString() : value.toString();
    }

    /** Refuses a non-admin with Cinder's policy 403. */
    static void requireAdmin(SimRequest r, String policy) {
        if (!r.token().admin()) {
            throw ServiceError.cinder(403, "forbidden", "Policy doesn't allow " + policy + " to be performed.");
        }
    }

    /** The request body's top-level object under {@code key}, or Cinder's 400. */
    static JsonNode root(SimRequest r, String key) {
        JsonNode node = r.body() == null ? null : r.body().get(key);
        if (node == null || !node.isObject()) {
            throw badRequest("Missing required element '" + key + "' in request body.");
        }
        return node;
    }

    /** A boolean as Cinder's {@code parameter_types.boolean} accepts it (true/false, "true", "1", "yes", "on" …). */
    static Boolean bool(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        String s = v.asString("").strip().toLowerCase();
        if (Set.of("true", "1", "yes", "y", "on", "t").contains(s)) {
            return true;
        }
        if (Set.of("false", "0", "no", "n", "off", "f").contains(s)) {
            return false;
        }
        return null;
    }

    static SimResponse one(String root, JsonNode node) {
        ObjectNode body = Json.object();
        body.set(root, node);
        return SimResponse.ok(body);
    }

    /** The volume goes to "deleting" and is gone after the configured time. */
    static void startDelete(World world, Res volume) {
        volume.forcedStatus = null;
        volume.body.remove(BUSY);
        world.startTransition(volume, world.settings.volumeDelete());
        volume.deletingUntil = volume.readyAt;
    }

    /** A volume the caller may act on: its project's, or any project's for an admin (Cinder's admin context). */
    static Res volume(World world, SimRequest r, String id) {
        return world.get(Kinds.VOLUME, id)
                .filter(v -> r.token().admin() || v.projectId.equals(r.projectId()))
                .filter(v -> !gone(world, v))
                .orElseThrow(() -> notFound("Volume " + id + " could not be found."));
    }

    // ---- shared with Nova (callers hold the world's lock)

    /**
     * Refuses with Cinder's 413 when {@code count} more volumes of {@code gigabytes} in all exceed the project's quota
     * (the size of each volume is checked against {@code per_volume_gigabytes} when it is made).
     */
    static void checkQuota(World world, String projectId, int count, int gigabytes) {
        CinderQuotas.check(world, projectId, null, count, gigabytes, 0);
    }

    /**
     * Creates a volume after the quota check. With {@code transition} it is "creating" for the configured time
     * (Cinder's own create); without, it is ready at once (Nova's boot volumes, attached straight away).
     */
    static Res createVolume(World world, String projectId, String userId, String name, String description, int size,
                            Res image, String type, String zone, boolean transition) {
        if (image != null) {
            int minDisk = image.body.path("min_disk").asInt();
            if (size < minDisk) {
                throw badRequest("Invalid input received: Volume size " + size
                        + "GB cannot be smaller than the image minDisk size " + minDisk + "GB.");
            }
        }
        String typeName = type == null ? DEFAULT_TYPE : type;
        CinderQuotas.check(world, projectId, typeName, 1, size, size);
        ObjectNode b = Json.object();
        b.put("name", name == null ? "" : name);
        b.put("description", description);
        b.put("size", size);
        b.put("availability_zone", zone == null ? "nova" : zone);
        CinderTypes.byName(world, typeName).ifPresent(t -> b.put("volume_type_id", t.id));
        b.put("volume_type", typeName);
        b.put("user_id", userId);
        b.put("bootable", image != null ? "true" : "false");
        b.putObject("metadata");
        b.putObject(ADMIN_METADATA);
        b.putArray("attachments");
        b.put("_seq", Nova.SEQ.incrementAndGet());
        if (image != null) {
            b.putObject("volume_image_metadata")
                    .put("image_id", image.id)
                    .put("image_name", image.name())
                    .put("min_disk", image.body.path("min_disk").asString())
                    .put("min_ram", image.body.path("min_ram").asString())
                    .put("size", image.body.path("size").asString())
                    .put("disk_format", image.body.path("disk_format").asString())
                    .put("container_format", image.body.path("container_format").asString())
                    .put("checksum", image.body.path("checksum").asString());
        }
        Res volume = world.add(Kinds.VOLUME, projectId, b);
        if (transition) {
            world.startTransition(volume, world.settings.volumeCreate());
            world.consumeForcedStatus(Kinds.VOLUME).ifPresent(f -> volume.forcedStatus = f.status().toLowerCase());
        }
        return volume;
    }

    /** The volume's type (the one it was made with, or retyped to). */
    static Res typeOf(World world, Res volume) {
        return world.get(CinderTypes.KIND, volume.body.path("volume_type_id").asString(""))
                .or(() -> CinderTypes.byName(world, volume.body.path("volume_type").asString()))
                .orElse(null);
    }

    /** Records an attachment as Cinder shows it; the volume is in-use. */
    static ObjectNode attach(World world, Res volume, String serverId, String device) {
        ArrayNode attachments = (ArrayNode) volume.body.get("attachments");
        ObjectNode a = attachments.addObject().put("server_id", serverId).put("attachment_id", World.uuid())
                .put("attached_at", Nova.isoMicros(world.now())).putNull("host_name")
                .put("volume_id", volume.id).put("device", device).put("id", volume.id);
        volume.body.remove(WAS_ATTACHED_TO);
        volume.forcedStatus = null;
        ((ObjectNode) volume.body.get(ADMIN_METADATA)).put("attached_mode", "rw");
        return a;
    }

    /** Removes a server's attachment; the volume becomes available (and is remembered as once attached). */
    static void detach(Res volume, String serverId) {
        detachWhere(volume, a -> serverId.equals(a.path("server_id").asString()));
    }

    static void detachWhere(Res volume, java.util.function.Predicate<JsonNode> which) {
        ArrayNode attachments = (ArrayNode) volume.body.get("attachments");
        String last = null;
        for (int i = attachments.size() - 1; i >= 0; i--) {
            if (which.test(attachments.get(i))) {
                last = attachments.get(i).path("server_id").asString(null);
                attachments.remove(i);
            }
        }
        if (attachments.isEmpty()) {
            volume.forcedStatus = null;
            ((ObjectNode) volume.body.get(ADMIN_METADATA)).remove("attached_mode");
            if (last != null) {
                volume.body.put(WAS_ATTACHED_TO, last);
            }
        }
    }

    static boolean attachedTo(Res volume, String serverId) {
        for (JsonNode a : volume.body.path("attachments")) {
            if (serverId.equals(a.path("server_id").asString())) {
                return true;
            }
        }
        return false;
    }

    static String status(World world, Res volume) {
        if (volume.deletingUntil != null) {
            return "deleting";
        }
        if (!volume.settled(world.now())) {
            return volume.body.path(BUSY).asString("creating");
        }
        if (volume.forcedStatus != null) {
            return volume.forcedStatus;
        }
        return volume.body.path("attachments").isEmpty() ? "available" : "in-use";
    }

    /**
     * Cinder's volume representation (v3, no microversion), as the caller's token may see it. {@code extended} is
     * the show and list view, which Cinder's API extensions add the image metadata and (for admins) the host and
     * owner to; the create and update answers are the bare view.
     */
    static ObjectNode view(World world, Res v, SimRequest r, boolean extended) {
        ObjectNode o = Json.object();
        o.put("id", v.id);
        o.put("name", v.name());
        o.put("status", status(world, v));
        o.put("size", v.body.path("size").asInt());
        o.put("availability_zone", v.body.path("availability_zone").asString());
        o.put("created_at", Nova.isoMicros(v.createdAt));
        String updated = v.body.path("_updated").asString(null);
        o.put("updated_at", updated != null ? updated
                : Nova.isoMicros(v.readyAt != null && v.settled(world.now()) ? v.readyAt : v.createdAt));
        o.put("description", Json.text(v.body, "description"));
        Res type = typeOf(world, v);
        o.put("volume_type", type != null ? type.name() : v.body.path("volume_type").asString());
        o.put("snapshot_id", Json.text(v.body, "snapshot_id"));
        o.put("source_volid", Json.text(v.body, "source_volid"));
        ObjectNode metadata = ((ObjectNode) v.body.get("metadata")).deepCopy();
        // Cinder shows the visible admin metadata (readonly, attached_mode) among the volume's metadata
        v.body.path(ADMIN_METADATA).properties().forEach(e -> metadata.set(e.getKey(), e.getValue()));
        o.set("metadata", metadata);
        o.set("links", links(r, "volumes", v.id));
        o.put("user_id", v.body.path("user_id").asString());
        o.put("bootable", v.body.path("bootable").asString());
        o.put("encrypted", type != null && type.body.has(CinderTypes.ENCRYPTION));
        o.putNull("replication_status");
        o.putNull("consistencygroup_id");
        o.put("multiattach", false);
        if (r.token().admin()) {
            o.putNull("migration_status");
        }
        o.set("attachments", v.body.path("attachments").deepCopy());
        if (extended) {
            // Cinder's API extensions: the owner for the project's readers; the backend host and the migration
            // state for admins only
            o.put("os-vol-tenant-attr:tenant_id", v.projectId);
            if (r.token().admin()) {
                o.put("os-vol-host-attr:host", BACKEND_HOST);
                o.putNull("os-vol-mig-status-attr:migstat");
                o.putNull("os-vol-mig-status-attr:name_id");
            }
            if (v.body.has("volume_image_metadata")) {
                o.set("volume_image_metadata", v.body.get("volume_image_metadata").deepCopy());
            }
        }
        return o;
    }

    static ArrayNode links(SimRequest r, String collection, String id) {
        ArrayNode links = Json.array();
        String self = Nova.base(r) + "/volume/v3/" + r.projectId() + "/" + collection + "/" + id;
        links.addObject().put("rel", "self").put("href", self);
        links.addObject().put("rel", "bookmark").put("href", self.replace("/v3/", "/"));
        return links;
    }

    private static List<World.Orphan> orphans(World world) {
        List<World.Orphan> found = new ArrayList<>();
        world.all(Kinds.VOLUME).forEach(v -> {
            if (v.body.has(WAS_ATTACHED_TO) && "available".equals(status(world, v))) {
                found.add(new World.Orphan(Kinds.VOLUME, v.id, v.name(), v.projectId,
                        "available volume, once attached to server " + v.body.path(WAS_ATTACHED_TO).asString()));
            }
        });
        return found;
    }

    static Optional<Res> visible(World world, String projectId, String id) {
        return world.get(Kinds.VOLUME, id).filter(v -> v.projectId.equals(projectId)).filter(v -> !gone(world, v));
    }

    /** True when the volume's delete has finished (it is removed by the next sweep). */
    static boolean gone(World world, Res volume) {
        return volume.deletingUntil != null && volume.settled(world.now());
    }

    /**
     * Removes the volumes (and snapshots) whose delete has finished, and applies what a finished transition
     * changes (the new size of an extend, the new type of a retype), as Cinder's volume manager writes them
     * together with the status at the end.
     */
    static void sweep(World world) {
        world.all(Kinds.VOLUME).filter(v -> gone(world, v)).toList().forEach(v -> world.remove(Kinds.VOLUME, v.id));
        world.all(Kinds.VOLUME).filter(v -> v.body.has(PENDING) && v.settled(world.now())).forEach(v -> {
            v.body.path(PENDING).properties().forEach(e -> v.body.set(e.getKey(), e.getValue()));
            v.body.remove(PENDING);
            v.body.remove(BUSY);
        });
        CinderSnapshots.sweep(world);
    }

    @Override
    public String statusOf(Res res) {
        if (Kinds.VOLUME.equals(res.kind)) {
            return status(world, res);
        }
        return CinderSnapshots.KIND.equals(res.kind) ? CinderSnapshots.status(world, res) : null;
    }
}
