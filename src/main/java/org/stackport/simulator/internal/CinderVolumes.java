package org.stackport.simulator.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cinder's volume collection: create (plain, from an image, a snapshot or another volume), list with Cinder's
 * filters, sort keys and paging, show, update and delete. (The volume summary is microversion 3.12, beyond the
 * 3.0 this Cinder announces.)
 */
final class CinderVolumes implements Cinder.Part {

    private static final Set<String> DELETABLE = Set.of("available", "error", "error_restoring", "error_extending",
            "error_managing");

    private final World world;
    private final Cinder cinder;

    CinderVolumes(World world, Cinder cinder) {
        this.world = world;
        this.cinder = cinder;
    }

    @Override
    public void register(Router router) {
        cinder.route(router, "POST", Cinder.PREFIX + "/volumes", this::create);
        cinder.route(router, "GET", Cinder.PREFIX + "/volumes", r -> list(r, false));
        cinder.route(router, "GET", Cinder.PREFIX + "/volumes/detail", r -> list(r, true));
        cinder.route(router, "GET", Cinder.PREFIX + "/volumes/{id}",
                r -> Cinder.one("volume", Cinder.view(world, Cinder.volume(world, r, r.param("id")), r, true)));
        cinder.route(router, "PUT", Cinder.PREFIX + "/volumes/{id}", this::update);
        cinder.route(router, "DELETE", Cinder.PREFIX + "/volumes/{id}", this::delete);
    }

    private SimResponse create(SimRequest r) {
        JsonNode v = Cinder.root(r, "volume");
        Res image = null;
        String imageRef = Json.text(v, "imageRef");
        if (imageRef == null) {
            imageRef = Json.text(v, "image_id");
        }
        if (imageRef != null) {
            String ref = imageRef;
            image = Glance.visible(world, r.projectId(), ref).orElseThrow(() -> Cinder.badRequest(
                    "Invalid image identifier or unable to access requested image."));
        }
        Res snapshot = null;
        String snapshotId = Json.text(v, "snapshot_id");
        if (snapshotId != null) {
            snapshot = CinderSnapshots.find(world, r, snapshotId);
            if (!"available".equals(CinderSnapshots.status(world, snapshot))) {
                throw Cinder.badRequest("Invalid snapshot: Originating snapshot status must be one of 'available' values");
            }
        }
        Res source = null;
        String sourceId = Json.text(v, "source_volid");
        if (sourceId != null) {
            source = Cinder.volume(world, r, sourceId);
            String status = Cinder.status(world, source);
            if (!Set.of("available", "in-use").contains(status)) {
                throw Cinder.badRequest("Invalid volume: Unable to clone volumes that are in an error state or that are "
                        + "not available or in-use (status " + status + ").");
            }
        }
        JsonNode sizeNode = v.get("size");
        if ((sizeNode == null || sizeNode.isNull()) && (snapshot != null || source != null)) {
            sizeNode = Json.object().numberNode(snapshot != null ? snapshot.body.path("size").asInt()
                    : source.body.path("size").asInt());
        }
        if (sizeNode == null || sizeNode.isNull() || !sizeNode.canConvertToInt() || sizeNode.asInt() < 1) {
            throw Cinder.badRequest("Invalid input for field/attribute size. Value: " + Cinder.python(sizeNode) + ". "
                    + Cinder.python(sizeNode) + " is less than the minimum of 1");
        }
        int size = sizeNode.asInt();
        if (snapshot != null && size < snapshot.body.path("size").asInt()) {
            throw Cinder.badRequest("Invalid input received: Volume size '" + size + "'GB cannot be smaller than the snapshot "
                    + "size " + snapshot.body.path("size").asInt() + "GB. They must be >= original snapshot size.");
        }
        if (source != null && size < source.body.path("size").asInt()) {
            throw Cinder.badRequest("Invalid input received: Volume size '" + size + "'GB cannot be smaller than original "
                    + "volume size  " + source.body.path("size").asInt() + "GB. They must be >= original volume size.");
        }
        String zone = Json.text(v, "availability_zone");
        if (zone != null && !Cinder.ZONES.contains(zone)) {
            throw Cinder.badRequest("Invalid input received: Availability zone '" + zone + "' is invalid.");
        }
        String typeRef = Json.text(v, "volume_type");
        Res type;
        if (typeRef != null) {
            type = CinderTypes.usable(world, r, typeRef).orElseThrow(() -> Cinder.notFound(
                    "Volume type with name " + typeRef + " could not be found."));
        } else if (source != null || snapshot != null) {
            Res origin = source != null ? source : world.get(Kinds.VOLUME, snapshot.body.path("volume_id").asString())
                    .orElse(null);
            type = origin == null ? CinderTypes.byName(world, Cinder.DEFAULT_TYPE).orElseThrow() : Cinder.typeOf(world, origin);
        } else {
            type = null;
        }
        Res volume = Cinder.createVolume(world, r.projectId(), r.token().userId(), Json.text(v, "name"),
                Json.text(v, "description"), size, image, type == null ? null : type.name(), zone, true);
        JsonNode metadata = v.get("metadata");
        if (metadata != null && metadata.isObject()) {
            volume.body.set("metadata", metadata.deepCopy());
        }
        Res origin = source != null ? source : snapshot;
        if (origin != null) {
            volume.body.put(source != null ? "source_volid" : "snapshot_id", origin.id);
            Res originVolume = source != null ? source
                    : world.get(Kinds.VOLUME, snapshot.body.path("volume_id").asString()).orElse(null);
            if (originVolume != null) {
                volume.body.put("bootable", originVolume.body.path("bootable").asString());
                if (originVolume.body.has("volume_image_metadata")) {
                    volume.body.set("volume_image_metadata", originVolume.body.get("volume_image_metadata").deepCopy());
                }
            }
        }
        return SimResponse.accepted(Cinder.one("volume", Cinder.view(world, volume, r, false)).body());
    }

    private SimResponse list(SimRequest r, boolean detail) {
        boolean allTenants = r.token().admin() && Cinder.bool(Json.object().stringNode(
                r.query("all_tenants") == null ? "0" : r.query("all_tenants"))) == Boolean.TRUE;
        String project = r.query("project_id") != null && allTenants ? r.query("project_id") : null;
        Map<String, String> metadata = metadataFilter(r);
        List<Res> all = world.all(Kinds.VOLUME)
                .filter(v -> !Cinder.gone(world, v))
                .filter(v -> allTenants ? project == null || project.equals(v.projectId) : v.projectId.equals(r.projectId()))
                .filter(v -> r.query("name") == null || r.query("name").equals(v.name()))
                .filter(v -> r.query("status") == null || r.query("status").equals(Cinder.status(world, v)))
                .filter(v -> r.query("bootable") == null
                        || String.valueOf(Cinder.bool(Json.object().stringNode(r.query("bootable")))).equals(v.body.path("bootable").asString()))
                .filter(v -> r.query("availability_zone") == null
                        || r.query("availability_zone").equals(v.body.path("availability_zone").asString()))
                .filter(v -> metadata.entrySet().stream()
                        .allMatch(e -> e.getValue().equals(v.body.path("metadata").path(e.getKey()).asString(null))))
                .sorted(order(world, r))
                .toList();
        List<Res> page = page(all, r);
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("volumes");
        for (Res v : page) {
            if (detail) {
                list.add(Cinder.view(world, v, r, true));
            } else {
                list.addObject().put("id", v.id).put("name", v.name()).set("links", Cinder.links(r, "volumes", v.id));
            }
        }
        if (r.query("limit") != null && page.size() == intParam(r, "limit", 1000) && !page.isEmpty()) {
            body.putArray("volumes_links").addObject().put("rel", "next")
                    .put("href", Nova.base(r) + r.path() + "?limit=" + page.size() + "&marker=" + page.getLast().id);
        }
        return SimResponse.ok(body);
    }

    /** One page of a sorted list as Cinder pages: after the {@code marker}, skipping {@code offset}, at most {@code limit}. */
    static List<Res> page(List<Res> sorted, SimRequest r) {
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
                throw Cinder.notFound("Marker " + marker + " could not be found.");
            }
        }
        from = Math.min(sorted.size(), from + intParam(r, "offset", 0));
        int limit = Math.min(intParam(r, "limit", 1000), 1000);
        return sorted.subList(from, Math.min(sorted.size(), from + limit));
    }

    /** A non-negative integer query parameter, refused as Cinder's pagination does. */
    static int intParam(SimRequest r, String name, int fallback) {
        String v = r.query(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw Cinder.badRequest("Invalid input received: " + name + " param must be an integer" + ("limit".equals(name) || "offset".equals(name) ? "" : "."));
    }

    /** {@code metadata={'k': 'v'}} as Cinder's list filter takes it (a Python dict literal). */
    private static Map<String, String> metadataFilter(SimRequest r) {
        Map<String, String> filter = new LinkedHashMap<>();
        String raw = r.query("metadata");
        if (raw == null) {
            return filter;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("['\"]([^'\"]*)['\"]\\s*:\\s*['\"]([^'\"]*)['\"]").matcher(raw);
        while (m.find()) {
            filter.put(m.group(1), m.group(2));
        }
        return filter;
    }

    /**
     * Cinder's list order: {@code sort=key:dir,…} or {@code sort_key}/{@code sort_dir}; by default newest first,
     * ties broken by id descending as Cinder's database query does.
     */
    static Comparator<Res> order(World world, SimRequest r) {
        List<String[]> keys = new ArrayList<>();
        if (r.query("sort") != null) {
            for (String part : r.query("sort").split(",")) {
                String[] kv = part.strip().split(":");
                keys.add(new String[]{kv[0], kv.length > 1 ? kv[1] : "desc"});
            }
        } else if (r.query("sort_key") != null) {
            keys.add(new String[]{r.query("sort_key"), r.query("sort_dir") == null ? "desc" : r.query("sort_dir")});
        }
        if (keys.isEmpty()) {
            keys.add(new String[]{"created_at", "desc"});
        }
        Comparator<Res> c = null;
        for (String[] k : keys) {
            if (!Set.of("asc", "desc").contains(k[1].toLowerCase())) {
                throw Cinder.badRequest("Invalid input received: Unknown sort direction, must be 'desc' or 'asc'");
            }
            Comparator<Res> one = switch (k[0]) {
                case "id" -> Comparator.comparing((Res v) -> v.id);
                case "name", "display_name" -> Comparator.comparing(Res::name);
                case "size" -> Comparator.comparingInt((Res v) -> v.body.path("size").asInt());
                case "status" -> Comparator.comparing((Res v) -> Cinder.status(world, v));
                case "created_at" -> Comparator.comparing((Res v) -> v.createdAt)
                        .thenComparingLong(v -> v.body.path("_seq").asLong());
                default -> throw Cinder.badRequest("Invalid input received: Invalid sort key " + k[0]);
            };
            if (k[1].equalsIgnoreCase("desc")) {
                one = one.reversed();
            }
            c = c == null ? one : c.thenComparing(one);
        }
        return c.thenComparing((Res v) -> v.id, Comparator.reverseOrder());
    }

    private SimResponse update(SimRequest r) {
        Res volume = Cinder.volume(world, r, r.param("id"));
        JsonNode v = Cinder.root(r, "volume");
        for (String field : List.of("name", "display_name", "description", "display_description")) {
            JsonNode value = v.get(field);
            if (value != null && !value.isNull() && (!value.isString() || value.asString().length() > 255)) {
                throw Cinder.invalid(field, value, value.isString() ? "'" + value.asString() + "' is too long"
                        : Cinder.python(value) + " is not of type 'string', 'null'");
            }
        }
        if ("maintenance".equals(Cinder.status(world, volume))) {
            throw Cinder.badRequest("Invalid volume: The volume cannot be updated during maintenance.");
        }
        if (v.has("name") || v.has("display_name")) {
            volume.body.put("name", Json.text(v, v.has("name") ? "name" : "display_name"));
        }
        if (v.has("description") || v.has("display_description")) {
            volume.body.put("description", Json.text(v, v.has("description") ? "description" : "display_description"));
        }
        JsonNode metadata = v.get("metadata");
        if (metadata != null) {
            CinderMetadata.check(metadata);
            volume.body.set("metadata", metadata.deepCopy());
        }
        volume.body.put("_updated", Nova.isoMicros(world.now()));
        return Cinder.one("volume", Cinder.view(world, volume, r, false));
    }

    private SimResponse delete(SimRequest r) {
        Res volume = Cinder.volume(world, r, r.param("id"));
        String status = Cinder.status(world, volume);
        boolean cascade = "true".equalsIgnoreCase(r.query("cascade"));
        if (!DELETABLE.contains(status) || !volume.body.path("attachments").isEmpty()
                || (!cascade && CinderSnapshots.of(world, volume).findAny().isPresent())) {
            throw Cinder.badRequest(Cinder.IN_USE_MESSAGE);
        }
        Cinder.startDelete(world, volume);
        if (cascade) {
            CinderSnapshots.of(world, volume).toList().forEach(s -> world.remove(CinderSnapshots.KIND, s.id));
        }
        return SimResponse.accepted(null);
    }
}
