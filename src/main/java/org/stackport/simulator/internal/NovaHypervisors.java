package org.stackport.simulator.internal;

import java.util.List;
import java.util.function.Function;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nova's os-hypervisors (admin policy): one QEMU compute host per availability zone, named as the servers'
 * OS-EXT-SRV-ATTR:host and their ports' binding:host_id show it ({@code compute-<zone>}), with integer ids as
 * before 2.53 and usage derived from the servers placed in its zone.
 */
final class NovaHypervisors {

    private static final int VCPUS = 64;
    private static final int MEMORY_MB = 262_144;
    private static final int LOCAL_GB = 2_000;

    private final World world;
    private final Nova nova;

    NovaHypervisors(World world, Nova nova) {
        this.world = world;
        this.nova = nova;
    }

    void register(Router router) {
        String base = Nova.PREFIX + "/os-hypervisors";
        nova.route(router, "GET", base, r -> list(r, "list", this::summary));
        nova.route(router, "GET", base + "/detail", r -> list(r, "list-detail", this::detail));
        nova.route(router, "GET", base + "/statistics", this::statistics);
        nova.route(router, "GET", base + "/{id}", r -> {
            allowed(r, "show");
            ObjectNode body = Json.object();
            body.set("hypervisor", detail(byId(r.param("id"))));
            return SimResponse.ok(body);
        });
        nova.route(router, "GET", base + "/{name}/search", r -> search(r, "search", false));
        nova.route(router, "GET", base + "/{name}/servers", r -> search(r, "servers", true));
    }

    private static void allowed(SimRequest r, String rule) {
        if (!r.token().admin()) {
            throw ServiceError.nova(403, "forbidden", "Policy doesn't allow os_compute_api:os-hypervisors:" + rule + " to be performed.");
        }
    }

    private static String hostname(int index) {
        return "compute-" + Nova.ZONES.get(index);
    }

    private static int byId(String id) {
        for (int i = 0; i < Nova.ZONES.size(); i++) {
            if (String.valueOf(i + 1).equals(id)) {
                return i;
            }
        }
        throw ServiceError.nova(404, "itemNotFound", "Hypervisor " + id + " could not be found.");
    }

    private SimResponse list(SimRequest r, String rule, Function<Integer, ObjectNode> view) {
        allowed(r, rule);
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("hypervisors");
        for (int i = 0; i < Nova.ZONES.size(); i++) {
            list.add(view.apply(i));
        }
        return SimResponse.ok(body);
    }

    /** Hypervisors whose host name contains the given text (Nova's search), with their servers when asked. */
    private SimResponse search(SimRequest r, String rule, boolean withServers) {
        allowed(r, rule);
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("hypervisors");
        for (int i = 0; i < Nova.ZONES.size(); i++) {
            if (hostname(i).contains(r.param("name"))) {
                ObjectNode h = summary(i);
                if (withServers) {
                    ArrayNode servers = h.putArray("servers");
                    servers(i).forEach(s -> servers.addObject().put("uuid", s.id).put("name", s.name()));
                }
                list.add(h);
            }
        }
        if (list.isEmpty()) {
            throw ServiceError.nova(404, "itemNotFound", "No hypervisor matching '" + r.param("name") + "' could be found.");
        }
        return SimResponse.ok(body);
    }

    private List<Res> servers(int index) {
        String zone = Nova.ZONES.get(index);
        return world.all(Kinds.SERVER).filter(s -> zone.equals(s.body.path("availability_zone").asString()))
                .filter(s -> !"BUILD".equals(nova.status(s)) && !"ERROR".equals(nova.status(s))).toList();
    }

    private ObjectNode summary(int index) {
        return Json.object().put("id", index + 1).put("hypervisor_hostname", hostname(index)).put("state", "up").put("status", "enabled");
    }

    private ObjectNode detail(int index) {
        List<Res> servers = servers(index);
        int vcpusUsed = servers.stream().mapToInt(s -> s.body.path("_vcpus").asInt()).sum();
        int memoryUsed = servers.stream().mapToInt(s -> s.body.path("_ram").asInt()).sum();
        int diskUsed = servers.stream().mapToInt(s -> world.get(Kinds.FLAVOR, s.body.path("flavor_id").asString())
                .map(f -> f.body.path("disk").asInt()).orElse(0)).sum();
        ObjectNode h = summary(index);
        h.put("hypervisor_type", "QEMU").put("hypervisor_version", 6_002_000)
                .put("host_ip", "192.0.2." + (10 + index))
                .put("cpu_info", "{\"arch\": \"x86_64\", \"model\": \"EPYC\", \"vendor\": \"AMD\", \"topology\": "
                        + "{\"cells\": 1, \"sockets\": 1, \"cores\": 32, \"threads\": 2}}")
                .put("vcpus", VCPUS).put("vcpus_used", vcpusUsed)
                .put("memory_mb", MEMORY_MB).put("memory_mb_used", memoryUsed).put("free_ram_mb", MEMORY_MB - memoryUsed)
                .put("local_gb", LOCAL_GB).put("local_gb_used", diskUsed).put("free_disk_gb", LOCAL_GB - diskUsed)
                .put("disk_available_least", LOCAL_GB - diskUsed)
                .put("current_workload", 0).put("running_vms", servers.size());
        h.putObject("service").put("host", hostname(index)).put("id", 10 + index).putNull("disabled_reason");
        return h;
    }

    private SimResponse statistics(SimRequest r) {
        allowed(r, "statistics");
        String[] fields = {"vcpus", "vcpus_used", "memory_mb", "memory_mb_used", "free_ram_mb", "local_gb", "local_gb_used",
                "free_disk_gb", "disk_available_least", "current_workload", "running_vms"};
        ObjectNode stats = Json.object().put("count", Nova.ZONES.size());
        for (String f : fields) {
            stats.put(f, 0);
        }
        for (int i = 0; i < Nova.ZONES.size(); i++) {
            ObjectNode d = detail(i);
            for (String f : fields) {
                stats.put(f, stats.path(f).asInt() + d.path(f).asInt());
            }
        }
        ObjectNode body = Json.object();
        body.set("hypervisor_statistics", stats);
        return SimResponse.ok(body);
    }
}
