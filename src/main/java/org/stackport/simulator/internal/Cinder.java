package org.stackport.simulator.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cinder v3 at {@code /volume/v3/{project_id}}: volumes (creating → available, in-use while attached,
 * deleting → gone), volume types, limits and quota sets, with Cinder's quotas answered by 413 overLimit. A volume
 * whose delete has finished is removed when the next Cinder call (or an inventory, quota or orphan read) sees it. Nova creates, attaches
 * and deletes volumes through the static helpers here, so both services keep one notion of a volume.
 */
public final class Cinder implements SimService {

    public static final String PREFIX = "/volume/v3/{project_id}";
    static final List<String> ZONES = Nova.ZONES;
    static final String DEFAULT_TYPE = "lvmdriver-1";
    /** Volumes that were attached once and are available now (a leak when nobody deletes them). */
    static final String WAS_ATTACHED_TO = "_was_attached_to";
    private static final String IN_USE_MESSAGE = "Invalid volume: Volume status must be available or error or "
            + "error_restoring or error_extending or error_managing and must not be migrating, attached, belong to "
            + "a group, have snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.";

    private final World world;
    private final Map<String, String> types;

    public Cinder(World world) {
        this.world = world;
        this.types = Map.of(World.uuid(), DEFAULT_TYPE, World.uuid(), "__DEFAULT__");
        world.defaultQuota("volumes", 10);
        world.defaultQuota("gigabytes", 1000);
        // a deleting volume holds its quota until it is gone, as Cinder commits the release after the delete
        world.usageCounter("volumes", (w, p) -> (int) w.owned(Kinds.VOLUME, p).filter(v -> !gone(w, v)).count());
        world.usageCounter("gigabytes", (w, p) -> w.owned(Kinds.VOLUME, p).filter(v -> !gone(w, v))
                .mapToInt(v -> v.body.path("size").asInt()).sum());
        world.orphanDetector(Cinder::orphans);
        world.beforeRead(() -> sweep(world));
    }

    @Override
    public void register(Router router) {
        VersionDocuments.cinder(router);
        route(router, "POST", PREFIX + "/volumes", this::create);
        route(router, "GET", PREFIX + "/volumes", r -> list(r, false));
        route(router, "GET", PREFIX + "/volumes/detail", r -> list(r, true));
        route(router, "GET", PREFIX + "/volumes/{id}", r -> one("volume", view(world, owned(r, r.param("id")), r)));
        route(router, "DELETE", PREFIX + "/volumes/{id}", this::delete);
        route(router, "GET", PREFIX + "/types", r -> {
            ObjectNode body = Json.object();
            ArrayNode list = body.putArray("volume_types");
            types.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(t -> list.add(type(t.getKey(), t.getValue())));
            return SimResponse.ok(body);
        });
        route(router, "GET", PREFIX + "/types/{id}", r -> types.entrySet().stream()
                .filter(t -> t.getKey().equals(r.param("id")) || t.getValue().equals(r.param("id")))
                .findFirst().map(t -> one("volume_type", type(t.getKey(), t.getValue())))
                .orElseThrow(() -> ServiceError.cinder(404, "itemNotFound", "Volume type " + r.param("id") + " could not be found.")));
        route(router, "GET", PREFIX + "/limits", this::limits);
        route(router, "GET", PREFIX + "/os-quota-sets/{tenant}", this::quotaSet);
    }

    /**
     * Every call negotiates the microversion (the answer names it, errors included) and first removes what finished
     * deleting, so reads see Cinder's current state.
     */
    private void route(Router router, String method, String path, Handler handler) {
        router.add(method, path, r -> {
            String version = microversion(r);
            sweep(world);
            SimResponse response;
            try {
                response = handler.handle(r);
            } catch (ServiceError e) {
                response = SimResponse.status(e.status(), e.body());
            }
            Map<String, String> headers = new java.util.LinkedHashMap<>(response.headers());
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
            throw ServiceError.cinder(400, "badRequest", "API Version String " + asked
                    + " is of invalid format. Must be of format MajorNum.MinorNum.");
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

    // ---- routes

    private SimResponse create(SimRequest r) {
        JsonNode v = r.body() == null ? null : r.body().get("volume");
        if (v == null || !v.isObject()) {
            throw ServiceError.cinder(400, "badRequest", "Missing required element 'volume' in request body.");
        }
        JsonNode sizeNode = v.get("size");
        Res image = null;
        String imageRef = Json.text(v, "imageRef");
        if (imageRef == null) {
            imageRef = Json.text(v, "image_id");
        }
        if (imageRef != null) {
            String ref = imageRef;
            image = Glance.visible(world, r.projectId(), ref).orElseThrow(() -> ServiceError.cinder(400, "badRequest",
                    "Invalid image identifier or unable to access requested image."));
        }
        if (sizeNode == null || sizeNode.isNull() || !sizeNode.canConvertToInt() || sizeNode.asInt() < 1) {
            throw ServiceError.cinder(400, "badRequest", "Invalid input for field/attribute size. Value: "
                    + (sizeNode == null ? "None" : sizeNode.asString()) + ". " + (sizeNode == null ? "None" : sizeNode.asString())
                    + " is less than the minimum of 1");
        }
        int size = sizeNode.asInt();
        String zone = Json.text(v, "availability_zone");
        if (zone != null && !ZONES.contains(zone)) {
            throw ServiceError.cinder(400, "badRequest", "Invalid input received: Availability zone '" + zone + "' is invalid.");
        }
        String type = Json.text(v, "volume_type");
        if (type != null && !types.containsKey(type) && !types.containsValue(type)) {
            throw ServiceError.cinder(404, "itemNotFound", "Volume type with name " + type + " could not be found.");
        }
        if (type != null && types.containsKey(type)) {
            type = types.get(type);
        }
        Res volume = createVolume(world, r.projectId(), r.token().userId(), Json.text(v, "name"),
                Json.text(v, "description"), size, image, type, zone, true);
        JsonNode metadata = v.get("metadata");
        if (metadata != null && metadata.isObject()) {
            volume.body.set("metadata", metadata.deepCopy());
        }
        return SimResponse.accepted(one("volume", view(world, volume, r)).body());
    }

    private SimResponse list(SimRequest r, boolean detail) {
        List<Res> all = world.owned(Kinds.VOLUME, r.projectId())
                .filter(v -> r.query("name") == null || r.query("name").equals(v.name()))
                .filter(v -> r.query("status") == null || r.query("status").equals(status(world, v)))
                .sorted(Comparator.comparing((Res v) -> v.createdAt).reversed()
                        .thenComparing(v -> v.body.path("_seq").asLong(), Comparator.reverseOrder()))
                .toList();
        List<Res> page = Nova.page(all, r, m -> ServiceError.cinder(400, "badRequest", "Invalid input received: marker [" + m + "] not found"));
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("volumes");
        for (Res v : page) {
            if (detail) {
                list.add(view(world, v, r));
            } else {
                list.addObject().put("id", v.id).put("name", v.name()).set("links", links(r, v.id));
            }
        }
        if (r.query("limit") != null && page.size() == Nova.intQuery(r, "limit", 1000) && !page.isEmpty()) {
            body.putArray("volumes_links").addObject().put("rel", "next")
                    .put("href", Nova.base(r) + r.path() + "?limit=" + page.size() + "&marker=" + page.getLast().id);
        }
        return SimResponse.ok(body);
    }

    private SimResponse delete(SimRequest r) {
        Res volume = owned(r, r.param("id"));
        String status = status(world, volume);
        if (!Set.of("available", "error", "error_restoring", "error_extending", "error_managing").contains(status)) {
            throw ServiceError.cinder(400, "badRequest", IN_USE_MESSAGE);
        }
        volume.forcedStatus = null;
        world.startTransition(volume, world.settings.volumeDelete());
        volume.deletingUntil = volume.readyAt;
        return SimResponse.accepted(null);
    }

    private SimResponse limits(SimRequest r) {
        String p = r.projectId();
        ObjectNode body = Json.object();
        ObjectNode limits = body.putObject("limits");
        limits.putArray("rate");
        limits.putObject("absolute")
                .put("maxTotalVolumes", world.quota(p, "volumes"))
                .put("totalVolumesUsed", world.usage(p, "volumes"))
                .put("maxTotalVolumeGigabytes", world.quota(p, "gigabytes"))
                .put("totalGigabytesUsed", world.usage(p, "gigabytes"))
                .put("maxTotalSnapshots", 10).put("totalSnapshotsUsed", 0)
                .put("maxTotalBackups", 10).put("totalBackupsUsed", 0)
                .put("maxTotalBackupGigabytes", 1000).put("totalBackupGigabytesUsed", 0);
        return SimResponse.ok(body);
    }

    private SimResponse quotaSet(SimRequest r) {
        String tenant = r.param("tenant");
        if (!tenant.equals(r.projectId()) && !r.token().admin()) {
            throw ServiceError.cinder(403, "forbidden", "Policy doesn't allow volume_extension:quotas:show to be performed.");
        }
        boolean usage = "true".equalsIgnoreCase(r.query("usage"));
        ObjectNode body = Json.object();
        ObjectNode set = body.putObject("quota_set");
        set.put("id", tenant);
        quotaItem(set, "volumes", world.quota(tenant, "volumes"), world.usage(tenant, "volumes"), usage);
        quotaItem(set, "gigabytes", world.quota(tenant, "gigabytes"), world.usage(tenant, "gigabytes"), usage);
        quotaItem(set, "snapshots", 10, 0, usage);
        quotaItem(set, "backups", 10, 0, usage);
        quotaItem(set, "backup_gigabytes", 1000, 0, usage);
        quotaItem(set, "per_volume_gigabytes", -1, 0, usage);
        quotaItem(set, "groups", 10, 0, usage);
        return SimResponse.ok(body);
    }

    private static void quotaItem(ObjectNode set, String name, int limit, int inUse, boolean usage) {
        if (usage) {
            set.putObject(name).put("limit", limit).put("in_use", inUse).put("reserved", 0).put("allocated", 0);
        } else {
            set.put(name, limit);
        }
    }

    private Res owned(SimRequest r, String id) {
        return visible(world, r.projectId(), id)
                .orElseThrow(() -> ServiceError.cinder(404, "itemNotFound", "Volume " + id + " could not be found."));
    }

    private static SimResponse one(String root, JsonNode node) {
        ObjectNode body = Json.object();
        body.set(root, node);
        return SimResponse.ok(body);
    }

    private static ObjectNode type(String id, String name) {
        ObjectNode t = Json.object();
        t.put("id", id).put("name", name).put("description", (String) null).put("is_public", true)
                .put("os-volume-type-access:is_public", true).putObject("extra_specs");
        if (DEFAULT_TYPE.equals(name)) {
            ((ObjectNode) t.get("extra_specs")).put("volume_backend_name", "lvmdriver-1");
        }
        return t;
    }

    // ---- shared with Nova (callers hold the world's lock)

    /** Refuses with Cinder's 413 when {@code count} more volumes of {@code gigabytes} in all exceed the project's quota. */
    static void checkQuota(World world, String projectId, int count, int gigabytes) {
        if (world.exceeds(projectId, "volumes", count)) {
            throw ServiceError.cinder(413, "overLimit", "VolumeLimitExceeded: Maximum number of volumes allowed ("
                    + world.quota(projectId, "volumes") + ") exceeded for quota 'volumes'.");
        }
        if (world.exceeds(projectId, "gigabytes", gigabytes)) {
            throw ServiceError.cinder(413, "overLimit", "VolumeSizeExceedsAvailableQuota: Requested volume or snapshot "
                    + "exceeds allowed gigabytes quota. Requested " + gigabytes + "G, quota is "
                    + world.quota(projectId, "gigabytes") + "G and " + world.usage(projectId, "gigabytes")
                    + "G has been consumed.");
        }
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
                throw ServiceError.cinder(400, "badRequest", "Invalid input received: Volume size " + size
                        + "GB cannot be smaller than the image minDisk size " + minDisk + "GB.");
            }
        }
        checkQuota(world, projectId, 1, size);
        ObjectNode b = Json.object();
        b.put("name", name == null ? "" : name);
        b.put("description", description);
        b.put("size", size);
        b.put("availability_zone", zone == null ? "nova" : zone);
        b.put("volume_type", type == null ? DEFAULT_TYPE : type);
        b.put("user_id", userId);
        b.put("bootable", image != null ? "true" : "false");
        b.putObject("metadata");
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

    /** Records an attachment as Cinder shows it. */
    static void attach(World world, Res volume, String serverId, String device) {
        ArrayNode attachments = (ArrayNode) volume.body.get("attachments");
        attachments.addObject().put("server_id", serverId).put("attachment_id", World.uuid())
                .put("attached_at", Nova.isoMicros(world.now())).putNull("host_name")
                .put("volume_id", volume.id).put("device", device).put("id", volume.id);
        volume.body.remove(WAS_ATTACHED_TO);
    }

    /** Removes a server's attachment; the volume becomes available (and is remembered as once attached). */
    static void detach(Res volume, String serverId) {
        ArrayNode attachments = (ArrayNode) volume.body.get("attachments");
        for (int i = attachments.size() - 1; i >= 0; i--) {
            if (serverId.equals(attachments.get(i).path("server_id").asString())) {
                attachments.remove(i);
            }
        }
        if (attachments.isEmpty()) {
            volume.body.put(WAS_ATTACHED_TO, serverId);
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
            return "creating";
        }
        if (volume.forcedStatus != null) {
            return volume.forcedStatus;
        }
        return volume.body.path("attachments").isEmpty() ? "available" : "in-use";
    }

    /** Cinder's volume representation (v3, no microversion), as the caller's token may see it. */
    static ObjectNode view(World world, Res v, SimRequest r) {
        ObjectNode o = Json.object();
        o.put("id", v.id);
        o.put("name", v.name());
        o.put("status", status(world, v));
        o.put("size", v.body.path("size").asInt());
        o.put("availability_zone", v.body.path("availability_zone").asString());
        o.put("created_at", Nova.isoMicros(v.createdAt));
        o.put("updated_at", Nova.isoMicros(v.readyAt != null && v.settled(world.now()) ? v.readyAt : v.createdAt));
        o.put("description", Json.text(v.body, "description"));
        o.put("volume_type", v.body.path("volume_type").asString());
        o.putNull("snapshot_id");
        o.putNull("source_volid");
        o.set("metadata", v.body.path("metadata").deepCopy());
        o.set("links", links(r, v.id));
        o.put("user_id", v.body.path("user_id").asString());
        o.put("bootable", v.body.path("bootable").asString());
        o.put("encrypted", false);
        o.putNull("replication_status");
        o.putNull("consistencygroup_id");
        o.put("multiattach", false);
        o.putNull("migration_status");
        o.set("attachments", v.body.path("attachments").deepCopy());
        if (r.token().admin()) {
            // Cinder's policy shows the backend host and the owner to admins only
            o.put("os-vol-tenant-attr:tenant_id", v.projectId);
            o.put("os-vol-host-attr:host", "stackport-sim@lvmdriver-1#lvmdriver-1");
        }
        if (v.body.has("volume_image_metadata")) {
            o.set("volume_image_metadata", v.body.get("volume_image_metadata").deepCopy());
        }
        return o;
    }

    private static ArrayNode links(SimRequest r, String id) {
        ArrayNode links = Json.array();
        String self = Nova.base(r) + "/volume/v3/" + r.projectId() + "/volumes/" + id;
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

    /** Removes the volumes whose delete has finished. */
    static void sweep(World world) {
        world.all(Kinds.VOLUME).filter(v -> gone(world, v)).toList().forEach(v -> world.remove(Kinds.VOLUME, v.id));
    }

    @Override
    public String statusOf(Res res) {
        return Kinds.VOLUME.equals(res.kind) ? status(world, res) : null;
    }
}
