package org.stackport.simulator.internal;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nova's flavors (seeded, with the extra spec devstack gives them), availability zones, limits and quota sets:
 * the reads a client makes before it provisions.
 */
final class NovaCatalog {

    private final World world;
    private final Nova nova;

    NovaCatalog(World world, Nova nova) {
        this.world = world;
        this.nova = nova;
        flavor("2", "m1.small", 1, 2048, 20);
        flavor("3", "m1.medium", 2, 4096, 40);
        flavor("4", "m1.large", 4, 8192, 80);
        flavor("5", "m1.xlarge", 8, 16384, 160);
    }

    private void flavor(String id, String name, int vcpus, int ram, int disk) {
        ObjectNode f = Json.object();
        f.put("id", id).put("name", name).put("vcpus", vcpus).put("ram", ram).put("disk", disk);
        f.putObject("extra_specs").put("hw_rng:allowed", "True");
        world.add(Kinds.FLAVOR, null, f);
    }

    void register(Router router) {
        nova.route(router, "GET", Nova.PREFIX + "/flavors", r -> flavors(r, false));
        nova.route(router, "GET", Nova.PREFIX + "/flavors/detail", r -> flavors(r, true));
        nova.route(router, "GET", Nova.PREFIX + "/flavors/{id}", r -> Nova.one("flavor", flavorView(flavor(r.param("id")), r, true)));
        nova.route(router, "GET", Nova.PREFIX + "/flavors/{id}/os-extra_specs", r -> {
            ObjectNode body = Json.object();
            body.set("extra_specs", flavor(r.param("id")).body.path("extra_specs").deepCopy());
            return SimResponse.ok(body);
        });
        nova.route(router, "GET", Nova.PREFIX + "/flavors/{id}/os-extra_specs/{key}", this::extraSpec);
        nova.route(router, "GET", Nova.PREFIX + "/os-availability-zone", r -> zones(false));
        nova.route(router, "GET", Nova.PREFIX + "/os-availability-zone/detail", r -> {
            // the hosts and the internal zone are for admins (os_compute_api:os-availability-zone:detail)
            policy(r.token().admin(), "os-availability-zone:detail");
            return zones(true);
        });
        nova.route(router, "GET", Nova.PREFIX + "/limits", this::limits);
        nova.route(router, "GET", Nova.PREFIX + "/os-quota-sets/{project}", r -> quotaSet(r, "show", false));
        nova.route(router, "GET", Nova.PREFIX + "/os-quota-sets/{project}/detail", r -> quotaSet(r, "detail", true));
        nova.route(router, "GET", Nova.PREFIX + "/os-quota-sets/{project}/defaults", this::defaultQuotaSet);
    }

    // ---- flavors and zones

    private Res flavor(String idOrName) {
        return world.get(Kinds.FLAVOR, idOrName)
                .orElseThrow(() -> ServiceError.nova(404, "itemNotFound", "Flavor " + idOrName + " could not be found."));
    }

    private static void policy(boolean allowed, String rule) {
        if (!allowed) {
            throw ServiceError.nova(403, "forbidden", "Policy doesn't allow os_compute_api:" + rule + " to be performed.");
        }
    }

    private SimResponse extraSpec(SimRequest r) {
        Res f = flavor(r.param("id"));
        String key = r.param("key");
        JsonNode value = f.body.path("extra_specs").get(key);
        if (value == null) {
            throw ServiceError.nova(404, "itemNotFound", "Flavor " + f.id + " has no extra specs with key " + key + ".");
        }
        ObjectNode body = Json.object();
        body.set(key, value.deepCopy());
        return SimResponse.ok(body);
    }

    /** Flavors in Nova's default order (by flavorid), paged by limit and marker (a flavorid). */
    private SimResponse flavors(SimRequest r, boolean detail) {
        int minRam = Nova.intQuery(r, "minRam", 0);
        int minDisk = Nova.intQuery(r, "minDisk", 0);
        NovaChecks.limit(r);
        List<Res> matching = world.all(Kinds.FLAVOR)
                .filter(f -> f.body.path("ram").asInt() >= minRam && f.body.path("disk").asInt() >= minDisk)
                .sorted(Comparator.comparing((Res f) -> f.id))
                .toList();
        List<Res> page = Nova.page(matching, r, m -> Nova.badRequest("marker [" + m + "] not found"));
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("flavors");
        page.forEach(f -> list.add(flavorView(f, r, detail)));
        if (r.query("limit") != null && !page.isEmpty() && page.size() == Math.min(Nova.intQuery(r, "limit", 1000), 1000)) {
            body.putArray("flavors_links").addObject().put("rel", "next").put("href", Nova.base(r) + Nova.PREFIX
                    + (detail ? "/flavors/detail" : "/flavors") + "?limit=" + page.size() + "&marker=" + page.getLast().id);
        }
        return SimResponse.ok(body);
    }

    private static ObjectNode flavorView(Res f, SimRequest r, boolean detail) {
        ObjectNode o = Json.object();
        o.put("id", f.id).put("name", f.name());
        if (detail) {
            o.put("vcpus", f.body.path("vcpus").asInt()).put("ram", f.body.path("ram").asInt())
                    .put("disk", f.body.path("disk").asInt()).put("swap", "")
                    .put("OS-FLV-EXT-DATA:ephemeral", 0).put("OS-FLV-DISABLED:disabled", false)
                    .put("os-flavor-access:is_public", true).put("rxtx_factor", 1.0);
        }
        o.set("links", Nova.links(r, "flavors", f.id));
        return o;
    }

    private static SimResponse zones(boolean detail) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("availabilityZoneInfo");
        if (detail) {
            list.addObject().put("zoneName", "internal").putObject("zoneState").put("available", true);
        }
        for (String zone : Nova.ZONES) {
            ObjectNode z = list.addObject();
            z.put("zoneName", zone).putObject("zoneState").put("available", true);
            if (detail) {
                z.putObject("hosts").putObject("compute-" + zone).putObject("nova-compute")
                        .put("available", true).put("active", "enabled").put("updated_at", "2026-01-01T00:00:00.000000");
            } else {
                z.putNull("hosts");
            }
        }
        return SimResponse.ok(body);
    }

    // ---- quota sets

    /** Nova's quota resources below 2.36 (which drops the network ones, kept by Neutron: unlimited here). */
    private static final List<String> QUOTAS = List.of("cores", "fixed_ips", "floating_ips", "injected_file_content_bytes",
            "injected_file_path_bytes", "injected_files", "instances", "key_pairs", "metadata_items", "ram",
            "security_group_rules", "security_groups", "server_group_members", "server_groups");
    private static final Map<String, Integer> FIXED = Map.of("fixed_ips", -1, "floating_ips", -1,
            "injected_file_content_bytes", 10240, "injected_file_path_bytes", 255, "injected_files", 5,
            "security_group_rules", -1, "security_groups", -1);

    private int limit(String project, String resource) {
        return FIXED.containsKey(resource) ? FIXED.get(resource) : world.quota(project, resource);
    }

    private SimResponse quotaSet(SimRequest r, String rule, boolean detail) {
        String project = r.param("project");
        policy(project.equals(r.projectId()) || r.token().admin(), "os-quota-sets:" + rule);
        ObjectNode body = Json.object();
        ObjectNode set = body.putObject("quota_set");
        set.put("id", project);
        for (String resource : QUOTAS) {
            if (detail) {
                // server_group_members counts per group, so Nova shows no project-wide use of it
                int inUse = FIXED.containsKey(resource) || resource.equals("server_group_members") ? 0 : world.usage(project, resource);
                set.putObject(resource).put("in_use", inUse).put("limit", limit(project, resource)).put("reserved", 0);
            } else {
                set.put(resource, limit(project, resource));
            }
        }
        return SimResponse.ok(body);
    }

    private SimResponse defaultQuotaSet(SimRequest r) {
        ObjectNode body = Json.object();
        ObjectNode set = body.putObject("quota_set");
        set.put("id", r.param("project"));
        // no project has overrides under the empty id, so its limits are the defaults
        QUOTAS.forEach(resource -> set.put(resource, limit("", resource)));
        return SimResponse.ok(body);
    }

    // ---- limits

    private SimResponse limits(SimRequest r) {
        String p = r.projectId();
        ObjectNode body = Json.object();
        ObjectNode limits = body.putObject("limits");
        limits.putArray("rate");
        limits.putObject("absolute")
                .put("maxTotalInstances", world.quota(p, "instances"))
                .put("totalInstancesUsed", world.usage(p, "instances"))
                .put("maxTotalCores", world.quota(p, "cores"))
                .put("totalCoresUsed", world.usage(p, "cores"))
                .put("maxTotalRAMSize", world.quota(p, "ram"))
                .put("totalRAMUsed", world.usage(p, "ram"))
                .put("maxTotalKeypairs", world.quota(p, "key_pairs"))
                .put("maxServerGroups", world.quota(p, "server_groups"))
                .put("totalServerGroupsUsed", world.usage(p, "server_groups"))
                .put("maxServerGroupMembers", world.quota(p, "server_group_members"))
                .put("maxServerMeta", world.quota(p, "metadata_items"))
                .put("maxImageMeta", 128)
                .put("maxPersonality", 5)
                .put("maxPersonalitySize", 10240)
                .put("maxSecurityGroups", -1).put("totalSecurityGroupsUsed", 0)
                .put("maxSecurityGroupRules", -1)
                .put("maxTotalFloatingIps", -1).put("totalFloatingIpsUsed", 0);
        return SimResponse.ok(body);
    }
}
