package org.stackport.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stackport.account.Inventory;
import org.stackport.account.Quota;
import org.stackport.shared.Cidrs;

/**
 * Works out, from a valid request, the profile's facts and the account's inventory and quota, what provisioning
 * will create (the resource plan) and whether the cloud can take it (the preflight). Pure: no I/O.
 */
final class Planner {

    /** What the cluster needs from the profile: its CIDRs and the OS image. */
    record ProfileFacts(String version, String podCidr, String serviceCidr, String osImage) {
    }

    /** One node to create: its pool, index, flavor, zone and disk. */
    record Node(String pool, String role, String name, Inventory.Flavor flavor, String flavorName, String zone, int diskGiB) {
    }

    private Planner() {
    }

    /**
     * The names provisioning gives (provisioning's Names): they carry the first 8 characters of the cluster's
     * immutable id, given when the cluster is created, so the plan shows it as {@code <id>}. Never the project and
     * cluster names alone: two clusters called alike must not find each other's resources.
     */
    static String prefix(String project, String cluster) {
        return "sp-<id>";
    }

    static List<Node> nodes(String project, ClusterSpec s, Inventory inv) {
        String prefix = prefix(project, s.name());
        List<Node> nodes = new ArrayList<>();
        ClusterSpec.MasterPool m = s.masterPool();
        for (int i = 0; i < m.size(); i++) {
            nodes.add(new Node("master", "control-plane", prefix + "-cp-" + i, flavor(inv, m.instanceType()).orElse(null),
                    m.instanceType(), m.availabilityZones().get(i % m.availabilityZones().size()), m.diskGiB()));
        }
        for (ClusterSpec.WorkerPool p : s.workerPools() == null ? List.<ClusterSpec.WorkerPool>of() : s.workerPools()) {
            for (int i = 0; i < p.size(); i++) {
                nodes.add(new Node(p.name(), "worker", prefix + "-" + p.name() + "-" + i, flavor(inv, p.instanceType()).orElse(null),
                        p.instanceType(), p.availabilityZones().get(i % p.availabilityZones().size()), p.diskGiB()));
            }
        }
        return nodes;
    }

    static Optional<Inventory.Flavor> flavor(Inventory inv, String nameOrId) {
        return inv.flavors().stream().filter(f -> f.name().equals(nameOrId) || f.id().equals(nameOrId)).findFirst();
    }

    static boolean externalNetwork(Inventory inv) {
        return inv.networks().stream().anyMatch(Inventory.Network::external);
    }

    static List<PlannedResource> plan(String project, ClusterSpec s, ProfileFacts profile, Inventory inv) {
        String prefix = prefix(project, s.name());
        List<PlannedResource> plan = new ArrayList<>();
        ClusterSpec.Placement p = s.placement();
        if ("dynamic".equals(p.type())) {
            plan.add(new PlannedResource("network", prefix + "-net", "a new network for the cluster"));
            plan.add(new PlannedResource("subnet", prefix + "-subnet", p.subnetCidr() + ", DNS " + String.join(", ", p.dnsServers())));
            plan.add(new PlannedResource("router", prefix + "-router", externalNetwork(inv)
                    ? "gateway on the external network, interface on the subnet" : "interface on the subnet (no external network)"));
        }
        plan.add(new PlannedResource("security group", prefix + "-control-plane", "API 6443, etcd 2379-2380, kubelet 10250 from the nodes"));
        plan.add(new PlannedResource("security group", prefix + "-nodes", "node ports, CNI traffic, kubelet 10250 between nodes"));
        String subnet = "dynamic".equals(p.type()) ? prefix + "-subnet" : p.subnet();
        plan.add(new PlannedResource("load balancer", prefix + "-api", "control-plane VIP on " + subnet));
        plan.add(new PlannedResource("listener", prefix + "-api-6443", "TCP 6443"));
        plan.add(new PlannedResource("pool", prefix + "-api-pool", "ROUND_ROBIN over the " + s.masterPool().size() + " control-plane node(s)"));
        plan.add(new PlannedResource("health monitor", prefix + "-api-hm", "TCP check of 6443"));
        if (externalNetwork(inv)) {
            plan.add(new PlannedResource("floating IP", prefix + "-api (description)", "public address of the control-plane "
                    + "VIP" + ("static".equals(p.type()) ? ", when a router connects " + p.subnet() + " to the external network" : "")));
        }
        plan.add(new PlannedResource("server group", prefix + "-cp", "anti-affinity for the control plane"));
        for (ClusterSpec.WorkerPool w : s.workerPools() == null ? List.<ClusterSpec.WorkerPool>of() : s.workerPools()) {
            plan.add(new PlannedResource("server group", prefix + "-" + w.name(), "soft anti-affinity for pool " + w.name()));
        }
        for (Node n : nodes(project, s, inv)) {
            plan.add(new PlannedResource("volume", n.name() + " (boot)", n.diskGiB() + " GiB boot volume from image "
                    + profile.osImage() + ", made with the server and deleted with it"));
            plan.add(new PlannedResource("port", n.name(), "on " + subnet));
            plan.add(new PlannedResource("server", n.name(), n.flavorName() + " in " + n.zone() + ", " + n.role()));
            if ("control-plane".equals(n.role())) {
                plan.add(new PlannedResource("pool member", n.name(), "of " + prefix + "-api-pool"));
            }
        }
        return plan;
    }

    static List<PreflightCheck> preflight(String project, ClusterSpec s, ProfileFacts profile, Inventory inv, Quota quota) {
        List<PreflightCheck> checks = new ArrayList<>();
        ClusterSpec.Placement p = s.placement();
        exists(checks, "placement.domain", "domain", p.domain(), inv.domains());
        exists(checks, "placement.region", "region", p.region(), inv.regions());
        exists(checks, "placement.project", "project", p.project(), inv.projects());
        exists(checks, "placement.sshKeyName", "SSH key pair", p.sshKeyName(), inv.keypairs());
        Optional<Inventory.Image> image = inv.images().stream().filter(i -> i.name().equals(profile.osImage())).findFirst();
        checks.add(new PreflightCheck("profile", "OS image " + profile.osImage(), image.isPresent(), image.isPresent()
                ? "the cloud has image " + profile.osImage() : "the cloud has no image '" + profile.osImage() + "' that the profile's OS pack needs; it has: "
                + String.join(", ", inv.images().stream().map(Inventory.Image::name).toList())));

        String subnetCidr = null;
        long freeAddresses = -1;
        if ("static".equals(p.type())) {
            Optional<Inventory.Network> network = inv.network(p.network());
            checks.add(new PreflightCheck("placement.network", "network " + p.network(), network.isPresent(),
                    network.isPresent() ? "exists" : "the cloud has no network '" + p.network() + "'"));
            Optional<Inventory.Subnet> subnet = inv.subnet(p.network(), p.subnet());
            if (network.isPresent()) {
                checks.add(new PreflightCheck("placement.subnet", "subnet " + p.subnet(), subnet.isPresent(),
                        subnet.map(x -> x.cidr() + ", " + x.freeAddresses() + " free addresses")
                                .orElse("network " + p.network() + " has no subnet '" + p.subnet() + "'")));
            }
            if (subnet.isPresent()) {
                subnetCidr = subnet.get().cidr();
                freeAddresses = subnet.get().freeAddresses();
            }
        } else {
            subnetCidr = p.subnetCidr();
            List<String> clashes = inv.subnets().stream().filter(x -> Cidrs.valid(x.cidr()) && Cidrs.overlap(x.cidr(), p.subnetCidr()))
                    .map(x -> x.name() + " " + x.cidr()).toList();
            checks.add(new PreflightCheck("placement.subnetCidr", "subnet CIDR " + p.subnetCidr() + " is free", clashes.isEmpty(),
                    clashes.isEmpty() ? "overlaps none of the account's subnets"
                            : "overlaps the account's subnet(s) " + String.join(", ", clashes)));
        }
        if (subnetCidr != null && Cidrs.valid(subnetCidr)) {
            for (var range : Map.of("pod CIDR", nz(profile.podCidr()), "service CIDR", nz(profile.serviceCidr())).entrySet()) {
                if (Cidrs.valid(range.getValue())) {
                    boolean clash = Cidrs.overlap(subnetCidr, range.getValue());
                    checks.add(new PreflightCheck("static".equals(p.type()) ? "placement.subnet" : "placement.subnetCidr",
                            "node subnet apart from the profile's " + range.getKey(), !clash, clash
                            ? "the node subnet " + subnetCidr + " overlaps the profile's " + range.getKey() + " " + range.getValue()
                            : subnetCidr + " does not overlap " + range.getValue()));
                }
            }
        }

        List<Node> nodes = nodes(project, s, inv);
        poolChecks(checks, "masterPool", s.masterPool().instanceType(), s.masterPool().availabilityZones(), s.masterPool().diskGiB(), inv, image);
        List<ClusterSpec.WorkerPool> workers = s.workerPools() == null ? List.of() : s.workerPools();
        for (int i = 0; i < workers.size(); i++) {
            ClusterSpec.WorkerPool w = workers.get(i);
            poolChecks(checks, "workerPools[" + i + "]", w.instanceType(), w.availabilityZones(), w.diskGiB(), inv, image);
        }
        if (freeAddresses >= 0) {
            int needed = nodes.size() + 1;
            checks.add(new PreflightCheck("placement.subnet", "free addresses in " + p.subnet(), freeAddresses >= needed,
                    needed + " needed (one per node plus the control-plane VIP), " + freeAddresses + " free"));
        }

        boolean dynamic = "dynamic".equals(p.type());
        long cores = 0;
        long ram = 0;
        long gigabytes = 0;
        for (Node n : nodes) {
            cores += n.flavor() == null ? 0 : n.flavor().vcpus();
            ram += n.flavor() == null ? 0 : n.flavor().ramMiB();
            gigabytes += n.diskGiB();
        }
        Map<String, Long> needs = new LinkedHashMap<>();
        needs.put("instances", (long) nodes.size());
        needs.put("cores", cores);
        needs.put("ram", ram);
        needs.put("volumes", (long) nodes.size());
        needs.put("gigabytes", gigabytes);
        needs.put("networks", dynamic ? 1L : 0L);
        needs.put("ports", nodes.size() + 1L + (dynamic ? 2L : 0L));
        needs.put("floatingIps", externalNetwork(inv) ? 1L : 0L);
        needs.put("securityGroups", 2L);
        needs.put("loadBalancers", 1L);
        needs.put("serverGroups", 1L + (s.workerPools() == null ? 0 : s.workerPools().size()));
        for (Quota.Item item : quota.items()) {
            if ("serverGroupMembers".equals(item.resource())) {
                serverGroupMembers(checks, s, item);
                continue;
            }
            Long need = needs.get(item.resource());
            if (need == null || need == 0) {
                continue;
            }
            String unit = item.unit().isEmpty() ? "" : " " + item.unit();
            if (item.unavailable() != null) {
                checks.add(new PreflightCheck("quota." + item.resource(), item.label() + " quota", false,
                        "could not read the quota: " + item.unavailable()));
            } else if (item.limit() < 0) {
                checks.add(new PreflightCheck("quota." + item.resource(), item.label() + " quota", true,
                        need + unit + " needed, no limit"));
            } else {
                long left = Math.max(0, item.limit() - item.used());
                checks.add(new PreflightCheck("quota." + item.resource(), item.label() + " quota", need <= left,
                        need + unit + " needed, " + left + unit + " left (limit " + item.limit() + unit + ", " + item.used() + unit + " used)"));
            }
        }
        return checks;
    }

    /**
     * Every pool is one server group, and Nova limits the servers of a group (default 10: the 11th node of a pool
     * fails, magnum-cluster-api #759). A pool that may grow (autoscaler max) is checked at its largest.
     */
    private static void serverGroupMembers(List<PreflightCheck> checks, ClusterSpec s, Quota.Item item) {
        if (item.unavailable() != null || item.limit() < 0) {
            return;
        }
        List<String[]> pools = new ArrayList<>();
        pools.add(new String[] {"masterPool.size", "master pool", String.valueOf(s.masterPool().size())});
        List<ClusterSpec.WorkerPool> workers = s.workerPools() == null ? List.of() : s.workerPools();
        for (int i = 0; i < workers.size(); i++) {
            ClusterSpec.WorkerPool w = workers.get(i);
            boolean scales = w.autoscaling() && w.autoscaler().max() != null;
            pools.add(new String[] {"workerPools[" + i + "]." + (scales ? "autoscaler.max" : "size"), "pool " + w.name(),
                    String.valueOf(scales ? Math.max(w.autoscaler().max(), w.size()) : w.size())});
        }
        for (String[] p : pools) {
            int size = Integer.parseInt(p[2]);
            checks.add(new PreflightCheck(p[0], "servers per server group for " + p[1], size <= item.limit(),
                    size + " node(s) in one server group, the cloud allows " + item.limit() + " per group"
                            + (size <= item.limit() ? "" : ": make the pool smaller or split it, or ask for a higher "
                            + "server_group_members quota")));
        }
    }

    private static void poolChecks(List<PreflightCheck> checks, String at, String instanceType, List<String> zones, int diskGiB,
                                   Inventory inv, Optional<Inventory.Image> image) {
        Optional<Inventory.Flavor> flavor = flavor(inv, instanceType);
        checks.add(new PreflightCheck(at + ".instanceType", "instance type " + instanceType, flavor.isPresent(), flavor
                .map(f -> f.vcpus() + " vCPU, " + f.ramMiB() + " MiB RAM")
                .orElse("the cloud has no flavor '" + instanceType + "'; it has: "
                        + String.join(", ", inv.flavors().stream().map(Inventory.Flavor::name).toList()))));
        List<String> unknown = zones.stream().filter(z -> !inv.availabilityZones().contains(z)).toList();
        checks.add(new PreflightCheck(at + ".availabilityZones", "availability zones " + String.join(", ", zones), unknown.isEmpty(),
                unknown.isEmpty() ? "all exist" : "the cloud has no zone " + String.join(", ", unknown) + "; it has: "
                        + String.join(", ", inv.availabilityZones())));
        image.ifPresent(i -> checks.add(new PreflightCheck(at + ".diskGiB", "disk of " + diskGiB + " GiB", diskGiB >= i.minDiskGiB(),
                diskGiB >= i.minDiskGiB() ? "image " + i.name() + " needs at least " + i.minDiskGiB() + " GiB"
                        : "image " + i.name() + " needs at least " + i.minDiskGiB() + " GiB")));
    }

    private static void exists(List<PreflightCheck> checks, String field, String what, String value, List<String> known) {
        boolean ok = known.contains(value);
        checks.add(new PreflightCheck(field, what + " " + value, ok, ok ? "exists" : "the cloud has no " + what + " '" + value
                + "'; it has: " + (known.isEmpty() ? "none" : String.join(", ", known))));
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
