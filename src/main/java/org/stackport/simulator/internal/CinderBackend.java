package org.stackport.simulator.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The backend side of Cinder that admins see: the services ({@code os-services}: a scheduler and one LVM volume
 * backend, which can be disabled, frozen and thawed), {@code os-hosts}, the scheduler's pools with their capacity
 * ({@code scheduler-stats/get_pools}), the backend's capabilities; and for everyone the availability zones and the
 * API extensions this Cinder has.
 */
final class CinderBackend implements Cinder.Part {

    private static final String VOLUME_HOST = Cinder.HOST + "@lvmdriver-1";
    private static final String POOL = Cinder.BACKEND_HOST;
    private static final long TOTAL_GB = 10_000;

    /** One service's state: what an admin can change about it. */
    private static final class Service {
        final String binary;
        final String host;
        boolean disabled;
        String disabledReason;
        boolean frozen;

        Service(String binary, String host) {
            this.binary = binary;
            this.host = host;
        }
    }

    private final World world;
    private final Cinder cinder;
    private final List<Service> services = List.of(new Service("cinder-scheduler", Cinder.HOST),
            new Service("cinder-volume", VOLUME_HOST));

    CinderBackend(World world, Cinder cinder) {
        this.world = world;
        this.cinder = cinder;
    }

    @Override
    public void register(Router router) {
        String p = Cinder.PREFIX;
        cinder.route(router, "GET", p + "/os-services", this::services);
        cinder.route(router, "PUT", p + "/os-services/{action}", this::serviceAction);
        cinder.route(router, "GET", p + "/os-hosts", this::hosts);
        cinder.route(router, "GET", p + "/os-hosts/{host}", this::host);
        cinder.route(router, "GET", p + "/scheduler-stats/get_pools", this::pools);
        cinder.route(router, "GET", p + "/capabilities/{host}", this::capabilities);
        cinder.route(router, "GET", p + "/os-availability-zone", r -> {
            ObjectNode body = Json.object();
            ArrayNode zones = body.putArray("availabilityZoneInfo");
            Cinder.ZONES.forEach(z -> zones.addObject().put("zoneName", z).putObject("zoneState").put("available", true));
            return SimResponse.ok(body);
        });
        cinder.route(router, "GET", p + "/extensions", this::extensions);
    }

    private String updated() {
        return Nova.isoMicros(world.now().minusSeconds(world.now().getEpochSecond() % 60));
    }

    /** Cinder's host filter: the host itself, or the host with a backend or pool after it. */
    private static boolean onHost(String host, String filter) {
        return filter == null || host.equals(filter) || host.startsWith(filter + "@") || host.startsWith(filter + "#");
    }

    private SimResponse services(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:services:index");
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("services");
        for (Service s : services) {
            if (!onHost(s.host, r.query("host")) || (r.query("binary") != null && !r.query("binary").equals(s.binary))) {
                continue;
            }
            ObjectNode o = list.addObject();
            o.put("binary", s.binary).put("host", s.host).put("zone", Cinder.ZONES.getFirst())
                    .put("status", s.disabled ? "disabled" : "enabled").put("state", "up").put("updated_at", updated())
                    .put("disabled_reason", s.disabledReason);
            if ("cinder-volume".equals(s.binary)) {
                o.put("frozen", s.frozen).put("replication_status", "disabled").putNull("active_backend_id");
            }
        }
        return SimResponse.ok(body);
    }

    private SimResponse serviceAction(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:services:update");
        String action = r.param("action");
        JsonNode body = r.body() == null ? Json.object() : r.body();
        String host = Json.text(body, "host");
        if (action.equals("freeze") || action.equals("thaw")) {
            Service volume = services.get(1);
            if (host == null || !onHost(volume.host, host)) {
                throw Cinder.badRequest("Invalid input received: Host " + host + " is not a volume backend host.");
            }
            volume.frozen = action.equals("freeze");
            return SimResponse.ok(null);
        }
        if (!List.of("enable", "disable", "disable-log-reason").contains(action)) {
            throw Cinder.notFound("Unknown action");
        }
        String binary = body.has("binary") ? Json.text(body, "binary") : Json.text(body, "service");
        if (host == null || binary == null) {
            throw Cinder.badRequest("Invalid input received: 'host' and 'binary' must be given.");
        }
        String reason = null;
        if (action.equals("disable-log-reason")) {
            reason = Json.text(body, "disabled_reason");
            if (reason == null || reason.strip().isEmpty() || reason.length() > 255) {
                throw Cinder.badRequest("Disabled reason contains invalid characters or is too long");
            }
        }
        Service service = services.stream().filter(s -> s.host.equals(host) && s.binary.equals(binary)).findFirst()
                .orElseThrow(() -> Cinder.notFound("Service " + binary + " on host " + host + " could not be found."));
        service.disabled = !action.equals("enable");
        service.disabledReason = reason;
        ObjectNode o = Json.object();
        o.put("host", host).put("service", binary).put("binary", binary)
                .put("status", service.disabled ? "disabled" : "enabled").put("disabled", service.disabled);
        if (!action.equals("disable")) {
            o.put("disabled_reason", reason);
        }
        return SimResponse.ok(o);
    }

    private SimResponse hosts(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:hosts");
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("hosts");
        for (Service s : services) {
            if (r.query("zone") != null && !Cinder.ZONES.getFirst().equals(r.query("zone"))) {
                continue;
            }
            list.addObject().put("service-status", "available").put("service", s.binary)
                    .put("zone", Cinder.ZONES.getFirst()).put("service-state", s.disabled ? "disabled" : "enabled")
                    .put("host_name", s.host).put("last-update", updated());
        }
        return SimResponse.ok(body);
    }

    private SimResponse host(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:hosts");
        String host = r.param("host");
        if (!VOLUME_HOST.equals(host)) {
            throw Cinder.notFound("Host " + host + " could not be found.");
        }
        Map<String, int[]> byProject = new TreeMap<>();
        world.all(Kinds.VOLUME).filter(v -> !Cinder.gone(world, v))
                .forEach(v -> byProject.computeIfAbsent(v.projectId, k -> new int[4])[0]++);
        world.all(Kinds.VOLUME).filter(v -> !Cinder.gone(world, v))
                .forEach(v -> byProject.get(v.projectId)[1] += v.body.path("size").asInt());
        world.all(CinderSnapshots.KIND).filter(s -> !CinderSnapshots.gone(world, s)).forEach(s -> {
            int[] c = byProject.computeIfAbsent(s.projectId, k -> new int[4]);
            c[2]++;
            c[3] += s.body.path("size").asInt();
        });
        int[] total = new int[4];
        byProject.values().forEach(c -> {
            for (int i = 0; i < 4; i++) {
                total[i] += c[i];
            }
        });
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("host");
        List<Map.Entry<String, int[]>> rows = new ArrayList<>();
        rows.add(Map.entry("(total)", total));
        rows.addAll(byProject.entrySet());
        for (Map.Entry<String, int[]> row : rows) {
            int[] c = row.getValue();
            list.addObject().putObject("resource").put("volume_count", String.valueOf(c[0]))
                    .put("total_volume_gb", String.valueOf(c[1])).put("snapshot_count", String.valueOf(c[2]))
                    .put("total_snapshot_gb", String.valueOf(c[3])).put("project", row.getKey()).put("host", host);
        }
        return SimResponse.ok(body);
    }

    private ObjectNode stats() {
        long used = world.all(Kinds.VOLUME).filter(v -> !Cinder.gone(world, v)).mapToLong(v -> v.body.path("size").asLong()).sum();
        ObjectNode c = Json.object();
        c.put("pool_name", "lvmdriver-1").put("total_capacity_gb", (double) TOTAL_GB)
                .put("free_capacity_gb", (double) (TOTAL_GB - used)).put("allocated_capacity_gb", used)
                .put("provisioned_capacity_gb", used).put("reserved_percentage", 0).put("QoS_support", false)
                .put("thin_provisioning_support", true).put("thick_provisioning_support", false)
                .put("max_over_subscription_ratio", "20.0").put("multiattach", true)
                .put("volume_backend_name", "lvmdriver-1").put("vendor_name", "Open Source").put("driver_version", "3.0.0")
                .put("storage_protocol", "iSCSI").put("timestamp", updated());
        return c;
    }

    private SimResponse pools(SimRequest r) {
        Cinder.requireAdmin(r, "scheduler_extension:scheduler_stats:get_pools");
        boolean detail = Boolean.TRUE.equals(Cinder.bool(Json.object().stringNode(r.query("detail") == null ? "false" : r.query("detail"))));
        ObjectNode body = Json.object();
        ObjectNode pool = body.putArray("pools").addObject().put("name", POOL);
        if (detail) {
            pool.set("capabilities", stats());
        }
        return SimResponse.ok(body);
    }

    private SimResponse capabilities(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:capabilities");
        // a pool name carries '#', which reaches us percent-encoded
        String host = java.net.URLDecoder.decode(r.param("host").replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        if (!onHost(POOL, host) || host.equals(Cinder.HOST)) {
            throw Cinder.notFound("Service " + host + " could not be found.");
        }
        ObjectNode c = Json.object();
        c.putNull("pool_name").putNull("description").put("volume_backend_name", "lvmdriver-1")
                .put("namespace", "OS::Storage::Capabilities::" + VOLUME_HOST).put("visibility", "pool")
                .put("driver_version", "3.0.0").put("vendor_name", "Open Source").put("storage_protocol", "iSCSI")
                .putArray("replication_targets");
        c.putNull("display_name");
        ObjectNode properties = c.putObject("properties");
        properties.putObject("thin_provisioning").put("title", "Thin Provisioning")
                .put("description", "Sets thin provisioning.").put("type", "boolean");
        properties.putObject("compression").put("title", "Compression")
                .put("description", "Enables compression.").put("type", "boolean");
        properties.putObject("qos").put("title", "QoS").put("description", "Enables QoS.").put("type", "boolean");
        properties.putObject("replication_enabled").put("title", "Replication")
                .put("description", "Enables replication.").put("type", "boolean");
        return SimResponse.ok(c);
    }

    private SimResponse extensions(SimRequest r) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("extensions");
        String[][] known = {
                {"os-admin-actions", "AdminActions", "Enable admin actions."},
                {"os-availability-zone", "AvailabilityZones", "Describe Availability Zones."},
                {"capabilities", "Capabilities", "Capabilities support."},
                {"os-extended-snapshot-attributes", "ExtendedSnapshotAttributes", "Extended SnapshotAttributes support."},
                {"os-services", "Services", "Services support."},
                {"os-hosts", "Hosts", "Admin-only host administration."},
                {"qos-specs", "Qos_specs_manage", "QoS specs support."},
                {"os-quota-class-sets", "QuotaClasses", "Quota classes management support."},
                {"os-quota-sets", "Quotas", "Quota management support."},
                {"scheduler-stats", "Scheduler_stats", "Scheduler stats support."},
                {"os-snapshot-actions", "SnapshotActions", "Enable snapshot manager actions."},
                {"os-types-extra-specs", "TypesExtraSpecs", "Type extra specs support."},
                {"os-types-manage", "TypesManage", "Types manage support."},
                {"os-used-limits", "UsedLimits", "Provide data on limited resources that are being used."},
                {"os-volume-actions", "VolumeActions", "Enable volume actions."},
                {"os-vol-host-attr", "VolumeHostAttribute", "Expose host as an attribute of a volume."},
                {"os-vol-image-meta", "VolumeImageMetadata", "Show image metadata associated with the volume."},
                {"os-volume-transfer", "VolumeTransfer", "Volume transfer management support."},
                {"os-vol-tenant-attr", "VolumeTenantAttribute", "Expose the internal project_id as an attribute of a volume."},
                {"os-volume-type-access", "VolumeTypeAccess", "Volume type access support."},
                {"encryption", "VolumeTypeEncryption", "Encryption support for volume types."},
        };
        for (String[] e : known) {
            list.addObject().put("alias", e[0]).put("name", e[1]).put("description", e[2])
                    .put("namespace", "https://docs.openstack.org/volume/api/v1").put("updated", "2011-06-29T00:00:00+00:00")
                    .putArray("links");
        }
        return SimResponse.ok(body);
    }
}
