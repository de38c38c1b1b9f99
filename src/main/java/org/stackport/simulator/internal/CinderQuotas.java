package org.stackport.simulator.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cinder's quotas: {@code os-quota-sets} (show with or without usage, defaults, update, delete),
 * {@code os-quota-class-sets} (the defaults every project gets) and {@code limits}. Limits are the world's quotas;
 * usage is counted from live volumes and snapshots, per project and per volume type ({@code volumes_<type>} …).
 */
final class CinderQuotas implements Cinder.Part {

    /** The project-wide resources in Cinder's order, with Cinder's default limits. */
    private static final Map<String, Integer> DEFAULTS = new LinkedHashMap<>();

    static {
        DEFAULTS.put("volumes", 10);
        DEFAULTS.put("snapshots", 10);
        DEFAULTS.put("gigabytes", 1000);
        DEFAULTS.put("backups", 10);
        DEFAULTS.put("backup_gigabytes", 1000);
        DEFAULTS.put("per_volume_gigabytes", -1);
        DEFAULTS.put("groups", 10);
    }

    private static final List<String> PER_TYPE = List.of("volumes", "gigabytes", "snapshots");

    private final World world;
    private final Cinder cinder;
    /** Quota classes other than "default" (which is the world's defaults). */
    private final Map<String, Map<String, Integer>> classes = new LinkedHashMap<>();

    CinderQuotas(World world, Cinder cinder) {
        this.world = world;
        this.cinder = cinder;
    }

    static void defaults(World world) {
        DEFAULTS.forEach(world::defaultQuota);
        // a deleting volume holds its quota until it is gone, as Cinder commits the release after the delete
        world.usageCounter("volumes", (w, p) -> (int) volumes(w, p, v -> true).count());
        world.usageCounter("gigabytes", (w, p) -> gigabytes(w, p, v -> true));
        world.usageCounter("snapshots", (w, p) -> (int) CinderSnapshots.owned(w, p, v -> true).count());
    }

    private static java.util.stream.Stream<Res> volumes(World w, String project, Predicate<Res> which) {
        return w.owned(Kinds.VOLUME, project).filter(v -> !Cinder.gone(w, v)).filter(which);
    }

    /** Gigabytes as Cinder counts them: volumes and snapshots. */
    private static int gigabytes(World w, String project, Predicate<Res> which) {
        return volumes(w, project, which).mapToInt(v -> v.body.path("size").asInt()).sum()
                + CinderSnapshots.owned(w, project, which).mapToInt(s -> s.body.path("size").asInt()).sum();
    }

    private static Predicate<Res> ofType(World w, String typeName) {
        return v -> {
            Res t = Cinder.typeOf(w, v);
            return t != null ? t.name().equals(typeName) : typeName.equals(v.body.path("volume_type").asString());
        };
    }

    private static int usage(World w, String project, String resource) {
        for (String base : PER_TYPE) {
            if (resource.startsWith(base + "_") && !DEFAULTS.containsKey(resource)) {
                Predicate<Res> type = ofType(w, resource.substring(base.length() + 1));
                return switch (base) {
                    case "volumes" -> (int) volumes(w, project, type).count();
                    case "gigabytes" -> gigabytes(w, project, type);
                    default -> (int) CinderSnapshots.owned(w, project, type).count();
                };
            }
        }
        return w.usage(project, resource);
    }

    /**
     * Refuses with Cinder's 413 when {@code count} more volumes (or snapshots, when {@code snapshot}) of
     * {@code gigabytes} in all, of the type named (null: no per-type check), exceed a quota of the project, or
     * when one volume of {@code size} exceeds {@code per_volume_gigabytes}.
     */
    static void check(World world, String projectId, String typeName, int count, int gigabytes, int size) {
        check(world, projectId, typeName, count, gigabytes, size, false);
    }

    static void check(World world, String projectId, String typeName, int count, int gigabytes, int size, boolean snapshot) {
        int perVolume = world.quota(projectId, "per_volume_gigabytes");
        if (!snapshot && perVolume >= 0 && size > perVolume) {
            throw ServiceError.cinder(413, "overLimit", "VolumeSizeExceedsLimit: Requested volume size " + size
                    + "G is larger than maximum allowed limit " + perVolume + "G.");
        }
        String counted = snapshot ? "snapshots" : "volumes";
        List<String> names = new ArrayList<>(List.of(counted));
        if (typeName != null) {
            names.add(counted + "_" + typeName);
        }
        for (String name : names) {
            int limit = world.quota(projectId, name);
            if (count > 0 && limit >= 0 && usage(world, projectId, name) + count > limit) {
                throw ServiceError.cinder(413, "overLimit", snapshot
                        ? "SnapshotLimitExceeded: Maximum number of snapshots allowed (" + limit + ") exceeded"
                        : "VolumeLimitExceeded: Maximum number of volumes allowed (" + limit + ") exceeded for quota '"
                        + name + "'.");
            }
        }
        List<String> sizes = new ArrayList<>(List.of("gigabytes"));
        if (typeName != null) {
            sizes.add("gigabytes_" + typeName);
        }
        for (String name : sizes) {
            int limit = world.quota(projectId, name);
            int used = usage(world, projectId, name);
            if (gigabytes > 0 && limit >= 0 && used + gigabytes > limit) {
                throw ServiceError.cinder(413, "overLimit", (snapshot ? "VolumeSizeExceedsAvailableQuota: Requested "
                        + "volume or snapshot exceeds allowed " + name + " quota." : "VolumeSizeExceedsAvailableQuota: "
                        + "Requested volume or snapshot exceeds allowed " + name + " quota.") + " Requested " + gigabytes
                        + "G, quota is " + limit + "G and " + used + "G has been consumed.");
            }
        }
    }

    @Override
    public void register(Router router) {
        cinder.route(router, "GET", Cinder.PREFIX + "/limits", this::limits);
        cinder.route(router, "GET", Cinder.PREFIX + "/os-quota-sets/{tenant}", this::show);
        cinder.route(router, "GET", Cinder.PREFIX + "/os-quota-sets/{tenant}/defaults", this::defaults);
        cinder.route(router, "PUT", Cinder.PREFIX + "/os-quota-sets/{tenant}", this::update);
        cinder.route(router, "DELETE", Cinder.PREFIX + "/os-quota-sets/{tenant}", this::delete);
        cinder.route(router, "GET", Cinder.PREFIX + "/os-quota-class-sets/{name}", this::showClass);
        cinder.route(router, "PUT", Cinder.PREFIX + "/os-quota-class-sets/{name}", this::updateClass);
    }

    /** Every quota name Cinder has now: the project-wide ones, then volumes/gigabytes/snapshots per volume type. */
    private List<String> names() {
        List<String> names = new ArrayList<>(DEFAULTS.keySet());
        world.all(CinderTypes.KIND).map(Res::name).sorted()
                .forEach(t -> PER_TYPE.forEach(base -> names.add(base + "_" + t)));
        return names;
    }

    private void checkShow(SimRequest r, String tenant) {
        if (!tenant.equals(r.projectId()) && !r.token().admin()) {
            throw ServiceError.cinder(403, "forbidden", "Policy doesn't allow volume_extension:quotas:show to be performed.");
        }
    }

    private SimResponse show(SimRequest r) {
        String tenant = r.param("tenant");
        checkShow(r, tenant);
        boolean usage = r.query("usage") != null && Boolean.TRUE.equals(Cinder.bool(Json.object().stringNode(r.query("usage"))));
        ObjectNode body = Json.object();
        ObjectNode set = body.putObject("quota_set");
        for (String name : names()) {
            int limit = world.quota(tenant, name);
            if (usage) {
                int inUse = "per_volume_gigabytes".equals(name) ? 0 : usage(world, tenant, name);
                set.putObject(name).put("limit", limit).put("in_use", inUse).put("reserved", 0).put("allocated", 0);
            } else {
                set.put(name, limit);
            }
        }
        set.put("id", tenant);
        return SimResponse.ok(body);
    }

    private SimResponse defaults(SimRequest r) {
        String tenant = r.param("tenant");
        checkShow(r, tenant);
        ObjectNode body = Json.object();
        ObjectNode set = body.putObject("quota_set");
        names().forEach(name -> set.put(name, world.defaultQuotaOf(name)));
        set.put("id", tenant);
        return SimResponse.ok(body);
    }

    /** The limits of a quota_set / quota_class_set body, checked as Cinder's schema does. */
    private Map<String, Integer> limits(SimRequest r, String root) {
        JsonNode set = Cinder.root(r, root);
        List<String> known = names();
        Map<String, Integer> values = new LinkedHashMap<>();
        List<String> bad = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : set.properties()) {
            if (!known.contains(e.getKey())) {
                bad.add(e.getKey());
                continue;
            }
            JsonNode v = e.getValue();
            int limit;
            if (v.isIntegralNumber() && v.canConvertToInt()) {
                limit = v.asInt();
            } else if (v.isString() && v.asString().matches("-?\\d{1,10}")) {
                limit = Integer.parseInt(v.asString());
            } else {
                throw Cinder.invalid(root + "/" + e.getKey(), v, Cinder.python(v) + " is not of type 'integer', 'string'");
            }
            if (limit < -1) {
                throw Cinder.invalid(root + "/" + e.getKey(), v, limit + " is less than the minimum of -1");
            }
            values.put(e.getKey(), limit);
        }
        if (!bad.isEmpty()) {
            throw Cinder.badRequest("Bad key(s) in quota set: " + String.join(",", bad));
        }
        return values;
    }

    private SimResponse update(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:quotas:update");
        String tenant = r.param("tenant");
        Map<String, Integer> values = limits(r, "quota_set");
        values.forEach((name, limit) -> {
            if ("per_volume_gigabytes".equals(name) || limit == -1) {
                return;
            }
            int used = usage(world, tenant, name);
            if (limit < used) {
                throw Cinder.badRequest("Quota " + name + " limit must be equal or greater than existing resources. "
                        + "Current usage is " + used + " and the requested limit is " + limit + ".");
            }
        });
        values.forEach((name, limit) -> world.setQuota(tenant, name, limit));
        ObjectNode body = Json.object();
        ObjectNode set = body.putObject("quota_set");
        names().forEach(name -> set.put(name, world.quota(tenant, name)));
        return SimResponse.ok(body);
    }

    private SimResponse delete(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:quotas:delete");
        String tenant = r.param("tenant");
        names().forEach(name -> world.clearQuota(tenant, name));
        return SimResponse.ok(null);
    }

    private SimResponse showClass(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:quota_classes");
        String name = r.param("name");
        ObjectNode body = Json.object();
        ObjectNode set = body.putObject("quota_class_set");
        classValues(name).forEach(set::put);
        set.put("id", name);
        return SimResponse.ok(body);
    }

    private Map<String, Integer> classValues(String name) {
        Map<String, Integer> values = new LinkedHashMap<>();
        Map<String, Integer> own = classes.getOrDefault(name, Map.of());
        names().forEach(q -> values.put(q, "default".equals(name) ? world.defaultQuotaOf(q)
                : own.getOrDefault(q, world.defaultQuotaOf(q))));
        return values;
    }

    private SimResponse updateClass(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:quota_classes:update");
        String name = r.param("name");
        if (name.isEmpty() || name.length() > 255) {
            throw Cinder.badRequest("Invalid input received: quota_class_name has a length of " + name.length() + ".");
        }
        Map<String, Integer> values = limits(r, "quota_class_set");
        if ("default".equals(name)) {
            values.forEach(world::defaultQuota);
        } else {
            classes.computeIfAbsent(name, n -> new LinkedHashMap<>()).putAll(values);
        }
        ObjectNode body = Json.object();
        ObjectNode set = body.putObject("quota_class_set");
        classValues(name).forEach(set::put);
        return SimResponse.ok(body);
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
                .put("maxTotalSnapshots", world.quota(p, "snapshots"))
                .put("totalSnapshotsUsed", world.usage(p, "snapshots"))
                .put("maxTotalBackups", world.quota(p, "backups")).put("totalBackupsUsed", 0)
                .put("maxTotalBackupGigabytes", world.quota(p, "backup_gigabytes")).put("totalBackupGigabytesUsed", 0);
        return SimResponse.ok(body);
    }
}
