package org.stackport.provisioning;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.stackport.cluster.ClusterSpec;
import org.stackport.openstack.CloudFailure;
import org.stackport.openstack.LoadBalancerApi;
import org.stackport.openstack.NetworkApi;
import org.stackport.openstack.NetworkApi.RuleSpec;
import org.stackport.openstack.NetworkApi.Taggable;
import org.stackport.openstack.ServerInfo;
import org.stackport.openstack.ServerSpec;
import org.stackport.provisioning.internal.Ledger;

/**
 * The deploy phase of a cluster as steps (shared/provisioning.md §3): network, subnet and router for dynamic
 * placement; security groups and their rules; the control-plane load balancer (its VIP, and the floating IP on it,
 * are known as soon as it is asked for, so nodes need not wait for it to be ACTIVE), listener, pool and health
 * monitor one after another (Octavia takes one change at a time); a server group per pool; per node a port and a
 * server, and a pool member per control-plane node. Every step adopts what a lost answer left before it creates.
 */
final class Deploy {

    static final Duration SHORT = Duration.ofMinutes(10);
    static final Duration NODES = Duration.ofMinutes(30);
    private static final Duration POLL = Duration.ofSeconds(5);
    static final int LOAD_BALANCER_REMAKES = 2;

    private Deploy() {
    }

    /** A node to make: its pool, index in the pool, role and zone. */
    record Node(String pool, int index, String role, String name, String flavor, String zone, int diskGiB,
                Map<String, String> labels, List<ClusterSpec.Taint> taints) {

        String key() {
            return "server/" + name;
        }

        boolean controlPlane() {
            return "control-plane".equals(role);
        }
    }

    static List<Node> nodes(ClusterSpec s, Names names) {
        List<Node> nodes = new ArrayList<>();
        ClusterSpec.MasterPool m = s.masterPool();
        for (int i = 0; i < m.size(); i++) {
            nodes.add(new Node("master", i, "control-plane", names.node("master", i), m.instanceType(),
                    m.availabilityZones().get(i % m.availabilityZones().size()), m.diskGiB(),
                    m.labels() == null ? Map.of() : m.labels(), m.taints() == null ? List.of() : m.taints()));
        }
        for (ClusterSpec.WorkerPool p : s.workerPools() == null ? List.<ClusterSpec.WorkerPool>of() : s.workerPools()) {
            for (int i = 0; i < p.size(); i++) {
                nodes.add(new Node(p.name(), i, "worker", names.node(p.name(), i), p.instanceType(),
                        p.availabilityZones().get(i % p.availabilityZones().size()), p.diskGiB(),
                        p.labels() == null ? Map.of() : p.labels(), p.taints() == null ? List.of() : p.taints()));
            }
        }
        return nodes;
    }

    static boolean dynamic(ClusterSpec s) {
        return "dynamic".equals(s.placement().type());
    }

    /** The steps in an order where each comes after its needs. */
    /** How long the Kubernetes steps may wait: for the API to answer, then for every node to be Ready. */
    record Timeouts(Duration api, Duration nodes) {
    }

    static List<StepDef> steps(ClusterSpec s, Names n, boolean externalNetwork, Timeouts timeouts) {
        List<StepDef> steps = new ArrayList<>();
        steps.add(new StepDef("facts", "Look up the image, flavors and networks", List.of(), SHORT, Resolve::facts));
        steps.add(new StepDef("bootstrap", "Make the cluster's certificate authorities and join token", List.of(), SHORT,
                Bootstrap::ensure));
        String subnetStep = "facts";
        if (dynamic(s)) {
            steps.add(new StepDef("network", "Create network " + n.network(), List.of("facts"), SHORT, Deploy::network));
            steps.add(new StepDef("subnet", "Create subnet " + n.subnet() + " (" + s.placement().subnetCidr() + ")",
                    List.of("network"), SHORT, Deploy::subnet));
            steps.add(new StepDef("router", "Create router " + n.router(), List.of("facts"), SHORT, Deploy::router));
            steps.add(new StepDef("router-interface", "Connect router " + n.router() + " to " + n.subnet(),
                    List.of("router", "subnet"), SHORT, Deploy::routerInterface));
            subnetStep = "subnet";
        }
        steps.add(new StepDef("sg-control-plane", "Create security group " + n.controlPlaneGroup(), List.of("facts"), SHORT,
                x -> securityGroup(x, "sg-control-plane", n.controlPlaneGroup())));
        steps.add(new StepDef("sg-nodes", "Create security group " + n.nodesGroup(), List.of("facts"), SHORT,
                x -> securityGroup(x, "sg-nodes", n.nodesGroup())));
        steps.add(new StepDef("sg-rules", "Open the cluster's ports (6443, 2379-2380, 10250, 22, 30000-32767, "
                + "between nodes)", List.of("sg-control-plane", "sg-nodes"), SHORT, Deploy::rules));
        steps.add(new StepDef("lb", "Create load balancer " + n.loadBalancer(), List.of(subnetStep), SHORT,
                Deploy::loadBalancer));
        String endpointStep = "lb";
        if (externalNetwork) {
            steps.add(new StepDef("fip", "Give the control plane a floating IP", List.of("lb"), SHORT, Deploy::floatingIp));
            endpointStep = "fip";
        }
        steps.add(new StepDef("lb-active", "Wait for load balancer " + n.loadBalancer() + " to be ACTIVE", List.of("lb"),
                SHORT, Deploy::loadBalancerActive));
        steps.add(new StepDef("listener", "Create listener " + n.listener() + " (TCP 6443)", List.of("lb-active"), SHORT,
                Deploy::listener));
        steps.add(new StepDef("pool", "Create pool " + n.pool(), List.of("listener"), SHORT, Deploy::pool));
        steps.add(new StepDef("monitor", "Create health monitor " + n.monitor(), List.of("pool"), SHORT, Deploy::monitor));
        List<String> pools = new ArrayList<>(List.of("master"));
        (s.workerPools() == null ? List.<ClusterSpec.WorkerPool>of() : s.workerPools()).forEach(p -> pools.add(p.name()));
        for (String pool : pools) {
            steps.add(new StepDef("group/" + pool, "Create server group " + n.serverGroup(pool), List.of("facts"), SHORT,
                    x -> serverGroup(x, pool)));
        }
        String previousMember = "monitor";
        List<String> machines = new ArrayList<>();
        for (Node node : nodes(s, n)) {
            steps.add(new StepDef("port/" + node.name(), "Create port " + node.name(), List.of("sg-rules", subnetStep),
                    SHORT, x -> port(x, node)));
            steps.add(new StepDef(node.key(), "Create server " + node.name() + " (" + node.role() + ", " + node.zone() + ")",
                    List.of("port/" + node.name(), "group/" + node.pool(), endpointStep, "bootstrap"), NODES,
                    x -> server(x, node)));
            if (node.controlPlane()) {
                String key = "member/" + node.name();
                // a member needs the node's address (its port), not the server: added while the server boots, it
                // takes the load balancer's serial updates off the cluster's critical path
                steps.add(new StepDef(key, "Add " + node.name() + " to pool " + n.pool(),
                        List.of("port/" + node.name(), previousMember), SHORT, x -> member(x, node)));
                previousMember = key;
                machines.add(key);
            }
            machines.add(node.key());
        }
        steps.add(new StepDef("kube-api", "Wait for the Kubernetes API to answer", machines, timeouts.api(),
                Readiness::api));
        steps.add(new StepDef("kube-nodes", "Wait for every node to be Ready", List.of("kube-api"), timeouts.nodes(),
                Readiness::nodes));
        steps.add(new StepDef("kube-addons", "Apply the profile record and the scan and backup policies",
                List.of("kube-api"), timeouts.api(), AddOns::apply));
        return steps;
    }

    // ---- network

    /**
     * Adopt, else create: the ledger's id first, then the cloud's object of that exact name, and only then a
     * create, preceded by the intent in the ledger.
     */
    static String ensure(Ctx x, String key, String kind, String name, Supplier<Optional<String>> find,
                         Supplier<String> create) {
        Ledger.Resource r = x.row(key);
        if (r != null && r.cloudId() != null) {
            return r.cloudId();
        }
        if (r != null) {
            Optional<String> found = find.get();
            if (found.isPresent()) {
                x.record(key, found.get(), Ledger.CREATED, "adopted after a lost answer");
                return found.get();
            }
        }
        x.intend(key, kind, name);
        String id = create.get();
        x.record(key, id, Ledger.CREATED, null);
        return id;
    }

    private static Outcome network(Ctx x) {
        NetworkApi net = x.apis.network();
        String id = ensure(x, "network", "network", x.names.network(),
                () -> net.findNetwork(x.cloud, x.names.network()).map(NetworkApi.NetworkInfo::id),
                () -> net.createNetwork(x.cloud, x.names.network()).id());
        tagOnce(x, "network", Taggable.NETWORK, id);
        return Outcome.done("network " + id);
    }

    private static Outcome subnet(Ctx x) {
        NetworkApi net = x.apis.network();
        String networkId = x.idOf("network");
        ClusterSpec.Placement p = x.work.spec().placement();
        String id = ensure(x, "subnet", "subnet", x.names.subnet(),
                () -> net.findSubnet(x.cloud, networkId, x.names.subnet()).map(NetworkApi.SubnetInfo::id),
                () -> net.createSubnet(x.cloud, new NetworkApi.SubnetSpec(x.names.subnet(), networkId, p.subnetCidr(), null,
                        p.dnsServers())).id());
        tagOnce(x, "subnet", Taggable.SUBNET, id);
        return Outcome.done("subnet " + id + " " + p.subnetCidr());
    }

    private static Outcome router(Ctx x) {
        NetworkApi net = x.apis.network();
        String external = x.facts.externalNetworkId();
        String id = ensure(x, "router", "router", x.names.router(),
                () -> net.findRouter(x.cloud, x.names.router()).map(NetworkApi.RouterInfo::id),
                () -> net.createRouter(x.cloud, x.names.router(), external).id());
        tagOnce(x, "router", Taggable.ROUTER, id);
        return Outcome.done(external == null ? "router " + id + " (the cloud has no external network)"
                : "router " + id + " with its gateway on the external network");
    }

    private static Outcome routerInterface(Ctx x) {
        NetworkApi net = x.apis.network();
        String routerId = x.idOf("router");
        String subnetId = x.idOf("subnet");
        String id = ensure(x, "router-interface", "router interface", x.names.router() + " on " + x.names.subnet(),
                () -> net.routerInterfaces(x.cloud, routerId).stream()
                        .filter(p -> p.fixedIps().stream().anyMatch(f -> subnetId.equals(f.subnetId())))
                        .map(NetworkApi.PortInfo::id).findFirst(),
                () -> net.addRouterInterface(x.cloud, routerId, subnetId).portId());
        x.record("router-interface", id, Ledger.READY, "router " + routerId + ", subnet " + subnetId);
        return Outcome.done("interface port " + id);
    }

    private static Outcome securityGroup(Ctx x, String key, String name) {
        NetworkApi net = x.apis.network();
        String id = ensure(x, key, "security group", name,
                () -> net.findSecurityGroup(x.cloud, name).map(NetworkApi.SecurityGroupInfo::id),
                () -> net.createSecurityGroup(x.cloud, name, "Stackport cluster " + x.work.name() + " (" + x.work.uid() + ")").id());
        tagOnce(x, key, Taggable.SECURITY_GROUP, id);
        return Outcome.done("security group " + id);
    }

    /** The rules both groups need, added by difference with what the groups already have (never re-created). */
    private static Outcome rules(Ctx x) {
        NetworkApi net = x.apis.network();
        String cp = x.idOf("sg-control-plane");
        String nodes = x.idOf("sg-nodes");
        Map<String, List<RuleSpec>> wanted = new LinkedHashMap<>();
        wanted.put(cp, List.of(RuleSpec.ingressTcp(6443, "0.0.0.0/0"), RuleSpec.ingressTcp(22, "0.0.0.0/0"),
                new RuleSpec("ingress", "IPv4", "tcp", 2379, 2380, null, cp),
                new RuleSpec("ingress", "IPv4", "tcp", 10250, 10250, null, nodes),
                RuleSpec.ingressFromGroup(cp), RuleSpec.ingressFromGroup(nodes)));
        wanted.put(nodes, List.of(RuleSpec.ingressTcpRange(30000, 32767, "0.0.0.0/0"), RuleSpec.ingressTcp(22, "0.0.0.0/0"),
                new RuleSpec("ingress", "IPv4", "tcp", 10250, 10250, null, cp),
                RuleSpec.ingressFromGroup(cp), RuleSpec.ingressFromGroup(nodes)));
        int added = 0;
        for (var e : wanted.entrySet()) {
            List<NetworkApi.RuleInfo> have = net.securityGroup(x.cloud, e.getKey()).rules();
            for (RuleSpec want : e.getValue()) {
                if (have.stream().noneMatch(h -> same(h, want))) {
                    net.addRule(x.cloud, e.getKey(), want);
                    added++;
                }
            }
        }
        return Outcome.done(added + " rule(s) added");
    }

    private static boolean same(NetworkApi.RuleInfo h, RuleSpec w) {
        return w.direction().equals(h.direction()) && eq(w.protocol(), h.protocol()) && eq(w.portMin(), h.portMin())
                && eq(w.portMax(), h.portMax()) && eq(w.remoteIpPrefix(), h.remoteIpPrefix())
                && eq(w.remoteGroupId(), h.remoteGroupId()) && eq(w.ethertype(), h.ethertype());
    }

    private static boolean eq(Object a, Object b) {
        return a == null ? b == null : a.equals(b);
    }

    /** Tags a Neutron object with the cluster's tag unless the ledger says it is done (state ready). */
    private static void tagOnce(Ctx x, String key, Taggable kind, String id) {
        Ledger.Resource r = x.row(key);
        if (r != null && Ledger.READY.equals(r.state())) {
            return;
        }
        x.apis.network().tag(x.cloud, kind, id, x.names.tag());
        x.record(key, id, Ledger.READY, r == null ? null : r.detail());
    }

    // ---- load balancer

    private static Outcome loadBalancer(Ctx x) {
        LoadBalancerApi lbs = x.apis.loadBalancers();
        String subnetId = dynamic(x.work.spec()) ? x.idOf("subnet") : x.facts.subnetId();
        String id = ensure(x, "lb", "load balancer", x.names.loadBalancer(),
                () -> lbs.findLoadBalancer(x.cloud, x.names.loadBalancer()).map(LoadBalancerApi.LoadBalancerInfo::id),
                () -> lbs.createLoadBalancer(x.cloud, x.names.loadBalancer(), subnetId).id());
        LoadBalancerApi.LoadBalancerInfo lb = lbs.loadBalancer(x.cloud, id);
        // the VIP is the endpoint's fallback and a certificate SAN: the ledger keeps it as the detail
        x.record("lb", id, Ledger.CREATED, lb.vipAddress());
        if (x.facts.externalNetworkId() == null) {
            x.lifecycle.endpoint(x.id(), lb.vipAddress() + ":6443");
        }
        return Outcome.done("load balancer " + id + ", VIP " + lb.vipAddress());
    }

    private static Outcome floatingIp(Ctx x) {
        NetworkApi net = x.apis.network();
        LoadBalancerApi.LoadBalancerInfo lb = x.apis.loadBalancers().loadBalancer(x.cloud, x.idOf("lb"));
        String description = x.names.floatingIpDescription();
        String id = ensure(x, "fip", "floating IP", x.names.loadBalancer() + " floating IP",
                () -> one(net.floatingIpsDescribed(x.cloud, description), "floating IP described " + description)
                        .map(NetworkApi.FloatingIpInfo::id),
                () -> net.createFloatingIp(x.cloud, x.facts.externalNetworkId(), lb.vipPortId(), description).id());
        NetworkApi.FloatingIpInfo fip = net.floatingIp(x.cloud, id);
        if (fip.portId() == null) {
            net.associateFloatingIp(x.cloud, id, lb.vipPortId());
        }
        x.record("fip", id, Ledger.READY, fip.address());
        x.lifecycle.endpoint(x.id(), fip.address() + ":6443");
        return Outcome.done("floating IP " + fip.address());
    }

    /** More than one match is an error, never "take the first" (provisioning.md §2). */
    static <T> Optional<T> one(List<T> found, String what) {
        if (found.size() > 1) {
            throw new CloudFailure(CloudFailure.Kind.CONFLICT, "find " + what, 0, found.size() + " objects match where "
                    + "Stackport made one; remove the extra ones by hand", null, null);
        }
        return found.stream().findFirst();
    }

    /**
     * ACTIVE: done. PENDING_*: look again. ERROR is final for a load balancer (provisioning.md §4): delete it with
     * everything on it, wait until it is gone, make it again, at most {@link #LOAD_BALANCER_REMAKES} times.
     */
    private static Outcome loadBalancerActive(Ctx x) {
        LoadBalancerApi lbs = x.apis.loadBalancers();
        String id = x.idOf("lb");
        remakeUnderway(x);
        LoadBalancerApi.LoadBalancerInfo lb = lbs.loadBalancer(x.cloud, id);
        if (lb.active()) {
            x.record("lb", id, Ledger.READY, lb.vipAddress());
            return Outcome.done("load balancer ACTIVE");
        }
        if (!lb.failed()) {
            return Outcome.waitFor(POLL, "load balancer is " + lb.provisioningStatus());
        }
        throw new Remake("load balancer " + x.names.loadBalancer() + " went to ERROR");
    }

    /** A resource that went to ERROR in the cloud: the engine deletes it and makes it again (bounded). */
    static final class Remake extends RuntimeException {
        Remake(String message) {
            super(message);
        }
    }

    /** A load balancer being deleted to be made again: the remake goes on (its row says so). */
    private static void remakeUnderway(Ctx x) {
        Ledger.Resource r = x.row("lb");
        if (r != null && Ledger.DELETING.equals(r.state())) {
            throw new Remake("load balancer " + x.names.loadBalancer() + " went to ERROR");
        }
    }

    private static LoadBalancerApi.LoadBalancerInfo activeOrWait(Ctx x) {
        remakeUnderway(x);
        LoadBalancerApi.LoadBalancerInfo lb = x.apis.loadBalancers().loadBalancer(x.cloud, x.idOf("lb"));
        if (lb.failed()) {
            throw new Remake("load balancer " + x.names.loadBalancer() + " went to ERROR");
        }
        return lb.active() ? lb : null;
    }

    private static Outcome listener(Ctx x) {
        LoadBalancerApi lbs = x.apis.loadBalancers();
        String lbId = x.idOf("lb");
        Ledger.Resource r = x.row("listener");
        if (r == null || r.cloudId() == null) {
            if (activeOrWait(x) == null) {
                return Outcome.waitFor(POLL, "waiting for the load balancer to take a change");
            }
            ensure(x, "listener", "listener", x.names.listener(),
                    () -> lbs.listeners(x.cloud, lbId).stream().filter(l -> x.names.listener().equals(l.name()))
                            .map(LoadBalancerApi.ListenerInfo::id).findFirst(),
                    () -> lbs.createListener(x.cloud, lbId, x.names.listener(), "TCP", 6443).id());
        }
        return settled(x, "listener", "listener TCP 6443");
    }

    private static Outcome pool(Ctx x) {
        LoadBalancerApi lbs = x.apis.loadBalancers();
        String lbId = x.idOf("lb");
        String listenerId = x.idOf("listener");
        Ledger.Resource r = x.row("pool");
        if (r == null || r.cloudId() == null) {
            if (activeOrWait(x) == null) {
                return Outcome.waitFor(POLL, "waiting for the load balancer to take a change");
            }
            ensure(x, "pool", "pool", x.names.pool(),
                    () -> lbs.pools(x.cloud, lbId).stream().filter(p -> x.names.pool().equals(p.name()))
                            .map(LoadBalancerApi.PoolInfo::id).findFirst(),
                    () -> lbs.createPool(x.cloud, listenerId, x.names.pool(), "TCP", "ROUND_ROBIN").id());
        }
        return settled(x, "pool", "pool ROUND_ROBIN");
    }

    private static Outcome monitor(Ctx x) {
        LoadBalancerApi lbs = x.apis.loadBalancers();
        String poolId = x.idOf("pool");
        Ledger.Resource r = x.row("monitor");
        if (r == null || r.cloudId() == null) {
            if (activeOrWait(x) == null) {
                return Outcome.waitFor(POLL, "waiting for the load balancer to take a change");
            }
            ensure(x, "monitor", "health monitor", x.names.monitor(),
                    () -> lbs.healthMonitors(x.cloud, poolId).stream().map(LoadBalancerApi.HealthMonitorInfo::id).findFirst(),
                    () -> lbs.createHealthMonitor(x.cloud, poolId, "TCP", 10, 5, 3).id());
        }
        return settled(x, "monitor", "TCP check every 10 s");
    }

    /** A change under the load balancer is done once the load balancer is ACTIVE again (CAPO #2763). */
    private static Outcome settled(Ctx x, String key, String what) {
        if (activeOrWait(x) == null) {
            return Outcome.waitFor(POLL, what + " made; waiting for the load balancer to apply it");
        }
        x.record(key, null, Ledger.READY, what);
        return Outcome.done(what);
    }

    private static Outcome member(Ctx x, Node node) {
        LoadBalancerApi lbs = x.apis.loadBalancers();
        String poolId = x.idOf("pool");
        String key = "member/" + node.name();
        String address = address(x, node);
        Ledger.Resource r = x.row(key);
        if (r == null || r.cloudId() == null) {
            if (activeOrWait(x) == null) {
                return Outcome.waitFor(POLL, "waiting for the load balancer to take a change");
            }
            String subnetId = dynamic(x.work.spec()) ? x.idOf("subnet") : x.facts.subnetId();
            ensure(x, key, "pool member", node.name(),
                    () -> lbs.members(x.cloud, poolId).stream().filter(m -> address.equals(m.address()))
                            .map(LoadBalancerApi.MemberInfo::id).findFirst(),
                    () -> lbs.addMember(x.cloud, poolId, address, 6443, subnetId).id());
        }
        return settled(x, key, address + ":6443 in pool " + x.names.pool());
    }

    // ---- compute

    private static Outcome serverGroup(Ctx x, String pool) {
        var compute = x.apis.compute();
        String name = x.names.serverGroup(pool);
        String policy = softAntiAffinity(x.work.spec(), pool) ? "soft-anti-affinity" : "anti-affinity";
        String id = ensure(x, "group/" + pool, "server group", name,
                () -> compute.findServerGroupByName(x.cloud, name).map(g -> g.id()),
                () -> compute.createServerGroup(x.cloud, name, policy).id());
        x.record("group/" + pool, id, Ledger.READY, policy);
        return Outcome.done(policy + " server group " + id);
    }

    /** Strict anti-affinity only while the pool has no more nodes than zones (the product's rule). */
    static boolean softAntiAffinity(ClusterSpec s, String pool) {
        if ("master".equals(pool)) {
            return s.masterPool().size() > s.masterPool().availabilityZones().size();
        }
        return s.workerPools().stream().filter(p -> p.name().equals(pool)).findFirst()
                .map(p -> p.size() > p.availabilityZones().size()).orElse(true);
    }

    private static Outcome port(Ctx x, Node node) {
        NetworkApi net = x.apis.network();
        String key = "port/" + node.name();
        String networkId = dynamic(x.work.spec()) ? x.idOf("network") : x.facts.networkId();
        String subnetId = dynamic(x.work.spec()) ? x.idOf("subnet") : x.facts.subnetId();
        String group = x.idOf(node.controlPlane() ? "sg-control-plane" : "sg-nodes");
        String id = ensure(x, key, "port", node.name(),
                () -> net.findPort(x.cloud, node.name()).map(NetworkApi.PortInfo::id),
                () -> net.createPort(x.cloud, new NetworkApi.PortSpec(node.name(), networkId, subnetId, null,
                        List.of(group))).id());
        Ledger.Resource r = x.row(key);
        if (!Ledger.READY.equals(r.state())) {
            net.tag(x.cloud, Taggable.PORT, id, x.names.tag());
            x.record(key, id, Ledger.READY, net.port(x.cloud, id).address());
        }
        return Outcome.done("port " + id + " " + x.row(key).detail());
    }

    static String address(Ctx x, Node node) {
        return x.row("port/" + node.name()).detail();
    }

    /**
     * A server: made once (adopted by its exact name after a lost answer), then watched in the cluster's one
     * server listing per pass. ERROR does not heal (provisioning.md §4): the server is deleted, waited for until
     * gone, made once more, and the second ERROR fails the step with Nova's fault message.
     */
    private static Outcome server(Ctx x, Node node) {
        var compute = x.apis.compute();
        String key = node.key();
        Ledger.Resource r = x.row(key);
        if (r != null && Ledger.DELETING.equals(r.state())) {
            if (compute.getServer(x.cloud, r.cloudId()).isPresent()) {
                return Outcome.waitFor(POLL, "deleting server " + node.name() + " that went to ERROR before making it again");
            }
            x.forget(key);
            x.serversChanged();
            return new Outcome.Wait(Duration.ZERO, "server " + node.name() + " deleted after ERROR; making it again", true);
        }
        String id = ensure(x, key, "server", node.name(),
                () -> one(x.servers().stream().filter(s -> node.name().equals(s.name())).toList(), "server " + node.name())
                        .map(ServerInfo::id),
                () -> {
                    String created = compute.createServer(x.cloud, spec(x, node));
                    x.serversChanged();
                    return created;
                });
        ServerInfo s = x.servers().stream().filter(v -> id.equals(v.id())).findFirst()
                .or(() -> compute.getServer(x.cloud, id)).orElse(null);
        if (s == null) {
            // made, but not listed yet (or deleted by someone): make it again from the intent
            x.forget(key);
            return Outcome.waitFor(POLL, "server " + node.name() + " is not there any more; making it again");
        }
        String detail = s.status() + " · " + node.zone() + " · " + address(x, node);
        if (s.active()) {
            x.record(key, id, Ledger.READY, detail);
            return Outcome.done("server " + node.name() + " ACTIVE in " + node.zone());
        }
        if (s.failed()) {
            String fault = s.faultMessage() == null ? "no fault message" : s.faultMessage();
            if (x.attempts() > 0) {
                x.record(key, id, Ledger.CREATED, detail);
                return new Outcome.Fail("server " + node.name() + " went to ERROR twice: " + fault
                        + ". Check the cloud's capacity in zone " + node.zone() + ", then delete this cluster and deploy it again.");
            }
            compute.deleteServer(x.cloud, id);
            x.record(key, id, Ledger.DELETING, "ERROR: " + fault);
            return Outcome.waitFor(POLL, "server " + node.name() + " went to ERROR (" + fault + "); deleting it to make it again");
        }
        x.record(key, id, Ledger.CREATED, detail);
        return Outcome.waitFor(POLL, "server " + node.name() + " is " + s.status());
    }

    private static ServerSpec spec(Ctx x, Node node) {
        ClusterSpec s = x.work.spec();
        ServerSpec spec = ServerSpec.of(node.name(), x.facts.flavorIds().get(node.flavor()), x.facts.imageId())
                .withPorts(x.idOf("port/" + node.name()))
                .withAvailabilityZone(node.zone())
                .withServerGroup(x.idOf("group/" + node.pool()))
                .withBootVolume(node.diskGiB())
                .withUserData(Bootstrap.userData(x, node))
                .withMetadata("stackport-cluster", x.work.uid())
                .withMetadata("stackport-cluster-name", x.work.name())
                .withMetadata("stackport-pool", node.pool())
                .withMetadata("stackport-role", node.role());
        if (s.placement().sshKeyName() != null && !s.placement().sshKeyName().isBlank()) {
            spec = spec.withKeyName(s.placement().sshKeyName());
        }
        // the cluster's tags and the pool's labels travel with the VM (Palette does not propagate tags; we do)
        for (String tag : s.tags() == null ? List.<String>of() : s.tags()) {
            spec = spec.withMetadata("tag:" + tag, "true");
        }
        for (var label : node.labels().entrySet()) {
            spec = spec.withMetadata("label:" + label.getKey(), label.getValue());
        }
        return spec;
    }
}
