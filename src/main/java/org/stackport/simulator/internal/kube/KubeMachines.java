package org.stackport.simulator.internal.kube;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.stackport.simulator.SimKubeCluster;
import org.stackport.simulator.SimMachine;
import org.stackport.simulator.internal.Json;
import org.stackport.simulator.internal.Kinds;
import org.stackport.simulator.internal.Res;
import org.stackport.simulator.internal.World;

/**
 * The simulated machines: when a server is ACTIVE its user data runs once, as cloud-init would run it, and a
 * {@code kubeadm init} there makes a {@link KubeCluster}; a {@code kubeadm join} waits (as kubeadm's discovery
 * retries, up to its default five minutes) until its apiServerEndpoint leads to a cluster, then joins when the
 * cluster knows the token and the CA matches a pinned hash, else fails with kubeadm's reason. A server that is gone
 * takes its node with it (as the cloud provider's node controller does); a cluster with no control-plane server
 * left is gone. Where each cluster's API listens is {@link KubeReach}'s answer. Runs under the world's lock, at
 * the start of every request to the cloud and before every request to a simulated API.
 */
public final class KubeMachines implements AutoCloseable {

    static final Duration DISCOVERY_TIMEOUT = Duration.ofMinutes(5);

    /** One server's cloud-init outcome. */
    static final class Machine {
        final String serverId;
        final String serverName;
        final Instant bootedAt;
        String kubeadm = "none";
        String state = "none";
        String message = "";
        Kubeadm.Join join;
        CloudConfig config;
        String clusterKey;

        Machine(String serverId, String serverName, Instant bootedAt) {
            this.serverId = serverId;
            this.serverName = serverName;
            this.bootedAt = bootedAt;
        }
    }

    private final World world;
    private final KubeReach reach;
    private final Map<String, Machine> machines = new HashMap<>();
    private final Map<String, KubeCluster> clusters = new LinkedHashMap<>();
    private final Map<String, String> neverReady = new ConcurrentHashMap<>();
    private final Map<String, String> refusedJoins = new ConcurrentHashMap<>();
    private final Set<String> unreachable = ConcurrentHashMap.newKeySet();
    private boolean closed;

    public KubeMachines(World world) {
        this.world = world;
        this.reach = new KubeReach(world);
        world.whenDue(this::reconcile);
    }

    private void reconcile() {
        if (closed) {
            return;
        }
        Instant now = world.now();
        world.all(Kinds.SERVER).forEach(s -> {
            if (!machines.containsKey(s.id) && active(s, now)) {
                boot(s, now);
            }
        });
        for (Machine m : List.copyOf(machines.values())) {
            if (world.get(Kinds.SERVER, m.serverId).isEmpty()) {
                machines.remove(m.serverId);
                clusters.values().forEach(c -> c.removeNode(m.serverId));
            }
        }
        for (String key : List.copyOf(clusters.keySet())) {
            KubeCluster c = clusters.get(key);
            if (!c.hasControlPlane()) {
                clusters.remove(key).close();
            }
        }
        if (clusters.isEmpty()) {
            return;
        }
        machines.values().stream().filter(m -> m.state.equals("waiting")).toList().forEach(m -> tryJoin(m, now));
        Map<KubeCluster, Set<String>> external = reach.externalAddresses(clusters.values(), now);
        for (KubeCluster c : clusters.values()) {
            c.unreachable = unreachable.contains(c.name);
            c.refresh(now);
            c.listen(external.getOrDefault(c, Set.of()), this::catchUp);
        }
    }

    /** Lets the cloud catch up with its clock (a simulated API calls this before each answer). */
    private void catchUp() {
        world.locked(() -> null);
    }

    /** A server whose machine runs: settled, not failed, not being deleted, not stopped. */
    static boolean active(Res s, Instant now) {
        return s.settled(now) && s.forcedStatus == null && s.deletingUntil == null
                && !"stopped".equals(Json.text(s.body, "_vm"));
    }

    private void boot(Res server, Instant now) {
        Machine m = new Machine(server.id, server.name(), now);
        machines.put(server.id, m);
        Optional<CloudConfig> config = CloudConfig.parse(Json.text(server.body, "user_data"));
        if (config.isEmpty()) {
            return;
        }
        m.config = config.get();
        Optional<Kubeadm.Plan> plan = Kubeadm.plan(m.config, server.name());
        if (plan.isEmpty()) {
            return;
        }
        Kubeadm.Plan p = plan.get();
        if (p.problem() != null) {
            m.kubeadm = "kubeadm";
            fail(m, p.problem());
        } else if (p.init() != null) {
            m.kubeadm = "init";
            init(m, server, p.init(), now);
        } else {
            m.join = p.join();
            m.kubeadm = m.join.controlPlane() ? "join --control-plane" : "join";
            m.state = "waiting";
            tryJoin(m, now);
        }
    }

    private void init(Machine m, Res server, Kubeadm.Init init, Instant now) {
        KubeCluster.Machine facts = reach.machine(server);
        if (init.advertiseAddress() != null && !init.advertiseAddress().equals(facts.address())) {
            fail(m, "the API server cannot bind its advertise address " + init.advertiseAddress()
                    + ": this machine's address is " + facts.address());
            return;
        }
        ClusterCa ca;
        try {
            ca = caFromFiles(m.config).orElseGet(ClusterCa::generate);
        } catch (IllegalArgumentException e) {
            fail(m, "failure loading ca certificate authority: " + e.getMessage());
            return;
        }
        KubeCluster cluster = new KubeCluster(server.id, init, ca);
        clusters.put(server.id, cluster);
        cluster.addNode(facts, init.node(), true, now, now.plus(world.settings.nodeReady()), neverReady.get(init.node().name()));
        m.clusterKey = server.id;
        m.state = "running";
        m.message = "kubeadm init: the control plane of " + cluster.name + " runs; API server endpoint " + cluster.controlPlaneEndpoint;
    }

    private void tryJoin(Machine m, Instant now) {
        Kubeadm.Join j = m.join;
        String refused = refusedJoins.get(j.node().name());
        if (refused != null) {
            fail(m, refused);
            return;
        }
        Res server = world.get(Kinds.SERVER, m.serverId).orElse(null);
        if (server == null) {
            return;
        }
        KubeCluster.Machine facts = reach.machine(server);
        KubeCluster cluster = j.apiServerEndpoint() == null ? null
                : reach.serving(clusters.values(), j.apiServerEndpoint(), facts, now);
        if (cluster == null || cluster.unreachable) {
            if (!now.isBefore(m.bootedAt.plus(DISCOVERY_TIMEOUT))) {
                fail(m, "couldn't validate the identity of the API Server: Get \"https://" + j.apiServerEndpoint()
                        + "/api/v1/namespaces/kube-public/configmaps/cluster-info\": dial tcp " + j.apiServerEndpoint()
                        + ": i/o timeout");
            } else {
                m.message = "waiting for https://" + j.apiServerEndpoint() + " (kubeadm retries discovery)";
            }
            return;
        }
        String tokenId = j.token() == null ? "" : j.token().split("\\.")[0];
        if (j.token() == null || !cluster.tokens.contains(j.token())) {
            fail(m, "there is no JWS signed token in the cluster-info ConfigMap. This token id \"" + tokenId
                    + "\" is invalid for this cluster or it has expired");
            return;
        }
        if (!j.unsafeSkipCaVerification() && !j.caCertHashes().contains(cluster.ca.hash())) {
            fail(m, "cluster CA found in cluster-info ConfigMap is invalid: none of the public keys \"" + cluster.ca.hash()
                    + "\" are pinned");
            return;
        }
        if (j.controlPlane()) {
            Optional<ClusterCa> own;
            try {
                own = caFromFiles(m.config);
            } catch (IllegalArgumentException e) {
                own = Optional.empty();
            }
            if (own.isEmpty() || !own.get().samePublicKey(cluster.ca)) {
                fail(m, "one or more conditions for hosting a new control plane instance is not satisfied: the cluster CA "
                        + "(ca.crt, ca.key) is missing from /etc/kubernetes/pki or is not the cluster's");
                return;
            }
        }
        if (cluster.hasNode(j.node().name())) {
            fail(m, "a Node with name \"" + j.node().name() + "\" already exists in the cluster");
            return;
        }
        cluster.addNode(facts, j.node(), j.controlPlane(), now, now.plus(world.settings.nodeReady()), neverReady.get(j.node().name()));
        m.clusterKey = cluster.initServerId;
        m.state = "joined";
        m.message = "joined " + cluster.name + " as " + (j.controlPlane() ? "control-plane node " : "node ") + j.node().name();
    }

    private static Optional<ClusterCa> caFromFiles(CloudConfig config) {
        Optional<String> cert = config.file("/etc/kubernetes/pki/ca.crt");
        Optional<String> key = config.file("/etc/kubernetes/pki/ca.key");
        if (cert.isEmpty() || key.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(ClusterCa.fromPem(cert.get(), key.get()));
    }

    private static void fail(Machine m, String reason) {
        m.state = "failed";
        m.message = reason;
    }

    // ---- the Java API (each call first brings the world up to its clock)

    public List<SimKubeCluster> clusters() {
        return world.locked(() -> clusters.values().stream().map(c -> new SimKubeCluster(c.name, c.version,
                c.controlPlaneEndpoint, c.endpoints(), c.ca.pem(), c.ca.hash(), c.nodes().stream()
                .map(n -> new SimKubeCluster.Node(n.name, n.serverId, n.controlPlane, n.ready, c.version, n.address))
                .toList())).toList());
    }

    public List<SimMachine> machines() {
        return world.locked(() -> machines.values().stream()
                .sorted(java.util.Comparator.comparing((Machine m) -> m.serverName).thenComparing(m -> m.serverId))
                .map(m -> new SimMachine(m.serverId, m.serverName, m.kubeadm, m.state, m.message)).toList());
    }

    /** The node of this name (now or when it registers) stays NotReady with this message; null undoes it. */
    public void neverReady(String nodeName, String message) {
        world.locked(() -> {
            if (message == null) {
                neverReady.remove(nodeName);
            } else {
                neverReady.put(nodeName, message);
            }
            clusters.values().forEach(c -> c.nodes().stream().filter(n -> n.name.equals(nodeName))
                    .forEach(n -> n.neverReady = message));
        });
    }

    /** The next join of a node of this name fails with this reason; null undoes it. */
    public void refuseJoin(String nodeName, String reason) {
        if (reason == null) {
            refusedJoins.remove(nodeName);
        } else {
            refusedJoins.put(nodeName, reason);
        }
    }

    /** A cluster's API stops (or resumes) listening: connections are refused, joins through it wait. */
    public void unreachable(String clusterName, boolean unreachable) {
        if (unreachable) {
            this.unreachable.add(clusterName);
        } else {
            this.unreachable.remove(clusterName);
        }
        world.locked(() -> null);
    }

    /** Stops every simulated API. */
    @Override
    public void close() {
        world.locked(() -> {
            closed = true;
            clusters.values().forEach(KubeCluster::close);
            clusters.clear();
        });
    }
}
