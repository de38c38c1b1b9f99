package org.stackport.simulator.internal;

import java.util.Comparator;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Nova's flavors (seeded), availability zones and limits. */
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
        world.add(Kinds.FLAVOR, null, f);
    }

    void register(Router router) {
        nova.route(router, "GET", Nova.PREFIX + "/flavors", r -> flavors(r, false));
        nova.route(router, "GET", Nova.PREFIX + "/flavors/detail", r -> flavors(r, true));
        nova.route(router, "GET", Nova.PREFIX + "/flavors/{id}", r -> Nova.one("flavor", flavorView(flavor(r.param("id")), r, true)));
        nova.route(router, "GET", Nova.PREFIX + "/os-availability-zone", r -> zones(false));
        nova.route(router, "GET", Nova.PREFIX + "/os-availability-zone/detail", r -> zones(true));
        nova.route(router, "GET", Nova.PREFIX + "/limits", this::limits);
    }

    // ---- flavors and zones

    private Res flavor(String idOrName) {
        return world.get(Kinds.FLAVOR, idOrName)
                .orElseThrow(() -> ServiceError.nova(404, "itemNotFound", "Flavor " + idOrName + " could not be found."));
    }

    private SimResponse flavors(SimRequest r, boolean detail) {
        int minRam = Nova.intQuery(r, "minRam", 0);
        int minDisk = Nova.intQuery(r, "minDisk", 0);
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("flavors");
        world.all(Kinds.FLAVOR)
                .filter(f -> f.body.path("ram").asInt() >= minRam && f.body.path("disk").asInt() >= minDisk)
                .sorted(Comparator.comparing((Res f) -> f.body.path("ram").asInt()).thenComparing(f -> f.id))
                .forEach(f -> list.add(flavorView(f, r, detail)));
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
