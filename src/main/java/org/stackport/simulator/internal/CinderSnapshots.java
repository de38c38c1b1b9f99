package org.stackport.simulator.internal;

import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cinder's volume snapshots: create (creating → available, counted in the snapshots and gigabytes quotas), list,
 * show, update, delete (deleting → gone), metadata, and the admin actions {@code os-reset_status} and
 * {@code os-force_delete} plus {@code os-update_snapshot_status}. A volume with snapshots cannot be deleted
 * (unless cascading), and new volumes can be made from an available snapshot.
 */
final class CinderSnapshots implements Cinder.Part {

    static final String KIND = "volume_snapshot";
    private static final Set<String> RESET_STATUSES = Set.of("available", "error", "creating", "deleting",
            "error_deleting", "backing-up", "restoring", "unmanaging");

    private final World world;
    private final Cinder cinder;

    CinderSnapshots(World world, Cinder cinder) {
        this.world = world;
        this.cinder = cinder;
    }

    @Override
    public void register(Router router) {
        String base = Cinder.PREFIX + "/snapshots";
        cinder.route(router, "POST", base, this::create);
        cinder.route(router, "GET", base, r -> list(r, false));
        cinder.route(router, "GET", base + "/detail", r -> list(r, true));
        cinder.route(router, "GET", base + "/{id}", r -> Cinder.one("snapshot", view(find(world, r, r.param("id")), r, true)));
        cinder.route(router, "PUT", base + "/{id}", this::update);
        cinder.route(router, "DELETE", base + "/{id}", this::delete);
        cinder.route(router, "POST", base + "/{id}/action", this::action);
        CinderMetadata.register(cinder, router, "/snapshots/{id}", r -> find(world, r, r.param("id")), "Snapshot");
    }

    // ---- shared with Cinder and its quotas

    static Res find(World world, SimRequest r, String id) {
        return world.get(KIND, id)
                .filter(s -> r.token().admin() || s.projectId.equals(r.projectId()))
                .filter(s -> !gone(world, s))
                .orElseThrow(() -> Cinder.notFound("Snapshot " + id + " could not be found."));
    }

    /** The live snapshots of a volume. */
    static Stream<Res> of(World world, Res volume) {
        return world.all(KIND).filter(s -> !gone(world, s)).filter(s -> volume.id.equals(s.body.path("volume_id").asString()));
    }

    /** A project's live snapshots whose volume matches {@code volume} (for per-type quotas). */
    static Stream<Res> owned(World world, String project, Predicate<Res> volume) {
        return world.owned(KIND, project).filter(s -> !gone(world, s)).filter(s -> world.get(Kinds.VOLUME,
                s.body.path("volume_id").asString()).map(volume::test).orElse(true));
    }

    static String status(World world, Res s) {
        if (s.deletingUntil != null) {
            return "deleting";
        }
        if (!s.settled(world.now())) {
            return "creating";
        }
        return s.forcedStatus != null ? s.forcedStatus : "available";
    }

    static boolean gone(World world, Res s) {
        return s.deletingUntil != null && s.settled(world.now());
    }

    static void sweep(World world) {
        world.all(KIND).filter(s -> gone(world, s)).toList().forEach(s -> world.remove(KIND, s.id));
    }

    // ---- routes

    private SimResponse create(SimRequest r) {
        JsonNode s = Cinder.root(r, "snapshot");
        if (!s.has("volume_id")) {
            throw Cinder.invalid("snapshot", s, "'volume_id' is a required property");
        }
        // the schema allows a null volume_id; Cinder then finds no such volume
        String volumeId = s.get("volume_id").isNull() ? "None" : s.get("volume_id").asString();
        Boolean force = s.has("force") ? Cinder.bool(s.get("force")) : Boolean.FALSE;
        if (force == null) {
            throw Cinder.invalid("force", s.get("force"), "Invalid boolean");
        }
        Res volume = Cinder.volume(world, r, volumeId);
        String status = Cinder.status(world, volume);
        if (!"available".equals(status) && !(force && "in-use".equals(status))) {
            throw Cinder.badRequest("Invalid volume: Volume " + volume.id + " status must be available, but current "
                    + "status is: " + status + ".");
        }
        int size = volume.body.path("size").asInt();
        Res type = Cinder.typeOf(world, volume);
        CinderQuotas.check(world, volume.projectId, type == null ? null : type.name(), 1, size, size, true);
        ObjectNode b = Json.object();
        b.put("name", Json.text(s, s.has("name") ? "name" : "display_name"));
        b.put("description", Json.text(s, s.has("description") ? "description" : "display_description"));
        b.put("volume_id", volume.id).put("size", size).put("user_id", r.token().userId());
        JsonNode metadata = s.get("metadata");
        if (metadata != null && !metadata.isNull()) {
            CinderMetadata.check(metadata);
        }
        b.set("metadata", metadata == null || metadata.isNull() ? Json.object() : metadata.deepCopy());
        b.put("_seq", Nova.SEQ.incrementAndGet());
        Res snapshot = world.add(KIND, volume.projectId, b);
        world.startTransition(snapshot, world.settings.volumeCreate());
        return SimResponse.accepted(Cinder.one("snapshot", view(snapshot, r, false)).body());
    }

    private SimResponse list(SimRequest r, boolean detail) {
        boolean allTenants = r.token().admin() && r.query("all_tenants") != null
                && Boolean.TRUE.equals(Cinder.bool(Json.object().stringNode(r.query("all_tenants"))));
        String project = allTenants ? r.query("project_id") : null;
        List<Res> all = world.all(KIND).filter(s -> !gone(world, s))
                .filter(s -> allTenants ? project == null || project.equals(s.projectId) : s.projectId.equals(r.projectId()))
                .filter(s -> r.query("name") == null || r.query("name").equals(s.name()))
                .filter(s -> r.query("status") == null || r.query("status").equals(status(world, s)))
                .filter(s -> r.query("volume_id") == null || r.query("volume_id").equals(s.body.path("volume_id").asString()))
                .sorted(CinderVolumes.order(world, r))
                .toList();
        List<Res> page = CinderVolumes.page(all, r);
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("snapshots");
        page.forEach(s -> list.add(view(s, r, detail)));
        if (r.query("limit") != null && page.size() == CinderVolumes.intParam(r, "limit", 1000) && !page.isEmpty()) {
            body.putArray("snapshots_links").addObject().put("rel", "next")
                    .put("href", Nova.base(r) + r.path() + "?limit=" + page.size() + "&marker=" + page.getLast().id);
        }
        return SimResponse.ok(body);
    }

    /** Cinder's snapshot view; the show and detail answers add the extended attributes (progress, project). */
    private ObjectNode view(Res s, SimRequest r, boolean extended) {
        ObjectNode o = Json.object();
        String status = status(world, s);
        o.put("id", s.id).put("name", Json.text(s.body, "name")).put("status", status)
                .put("description", Json.text(s.body, "description"))
                .put("created_at", Nova.isoMicros(s.createdAt))
                .put("updated_at", s.body.has("_updated") ? s.body.path("_updated").asString()
                        : s.readyAt != null && s.settled(world.now()) ? Nova.isoMicros(s.readyAt) : null)
                .put("volume_id", s.body.path("volume_id").asString())
                .put("size", s.body.path("size").asInt());
        o.set("metadata", s.body.path("metadata").deepCopy());
        if (extended) {
            o.put("os-extended-snapshot-attributes:progress", s.body.has("_progress") ? s.body.path("_progress").asString()
                    : "creating".equals(status) ? "0%" : "100%");
            o.put("os-extended-snapshot-attributes:project_id", s.projectId);
        }
        return o;
    }

    private SimResponse update(SimRequest r) {
        Res s = find(world, r, r.param("id"));
        JsonNode u = Cinder.root(r, "snapshot");
        if (u.isEmpty()) {
            throw Cinder.badRequest("Invalid input for field/attribute snapshot. Value: {}. {} does not have enough properties");
        }
        for (String field : List.of("name", "display_name", "description", "display_description")) {
            JsonNode value = u.get(field);
            if (value != null && !value.isNull() && (!value.isString() || value.asString().length() > 255)) {
                throw Cinder.invalid(field, value, Cinder.python(value) + " is not of type 'string', 'null'");
            }
        }
        if (u.has("name") || u.has("display_name")) {
            s.body.put("name", Json.text(u, u.has("name") ? "name" : "display_name"));
        }
        if (u.has("description") || u.has("display_description")) {
            s.body.put("description", Json.text(u, u.has("description") ? "description" : "display_description"));
        }
        s.body.put("_updated", Nova.isoMicros(world.now()));
        return Cinder.one("snapshot", view(s, r, false));
    }

    private SimResponse delete(SimRequest r) {
        Res s = find(world, r, r.param("id"));
        String status = status(world, s);
        if (!Set.of("available", "error").contains(status)) {
            throw Cinder.badRequest("Invalid snapshot: Snapshot status must be available or error and must not be "
                    + "part of a group.");
        }
        startDelete(s);
        return SimResponse.accepted(null);
    }

    private void startDelete(Res s) {
        s.forcedStatus = null;
        world.startTransition(s, world.settings.volumeDelete());
        s.deletingUntil = s.readyAt;
    }

    private SimResponse action(SimRequest r) {
        JsonNode body = r.body();
        Res s = find(world, r, r.param("id"));
        if (body != null && body.has("os-reset_status")) {
            Cinder.requireAdmin(r, "volume_extension:snapshot_admin_actions:reset_status");
            String status = body.path("os-reset_status").path("status").asString("");
            if (!RESET_STATUSES.contains(status)) {
                throw Cinder.invalid("status", body.path("os-reset_status").get("status"), "'" + status
                        + "' is not one of " + RESET_STATUSES);
            }
            s.readyAt = world.now();
            s.stuckUntil = null;
            s.forcedStatus = status;
            return SimResponse.accepted(null);
        }
        if (body != null && body.has("os-force_delete")) {
            Cinder.requireAdmin(r, "volume_extension:snapshot_admin_actions:force_delete");
            startDelete(s);
            return SimResponse.accepted(null);
        }
        if (body != null && body.has("os-update_snapshot_status")) {
            String status = body.path("os-update_snapshot_status").path("status").asString("");
            String current = status(world, s);
            boolean allowed = switch (current) {
                case "creating" -> Set.of("creating", "available", "error").contains(status);
                case "deleting" -> Set.of("deleting", "error_deleting").contains(status);
                default -> false;
            };
            if (!allowed) {
                throw Cinder.badRequest("Provided snapshot status " + status + " not allowed for snapshot with status "
                        + current + ".");
            }
            s.readyAt = world.now();
            s.stuckUntil = null;
            JsonNode progress = body.path("os-update_snapshot_status").get("progress");
            if (progress != null && !progress.isNull()) {
                s.body.put("_progress", progress.asString());
            }
            if ("deleting".equals(status)) {
                startDelete(s);
            } else {
                s.forcedStatus = status;
            }
            return SimResponse.accepted(null);
        }
        String name = body == null || !body.isObject() || body.isEmpty() ? "None" : body.propertyNames().iterator().next();
        throw Cinder.badRequest("There is no such action: " + name);
    }
}
