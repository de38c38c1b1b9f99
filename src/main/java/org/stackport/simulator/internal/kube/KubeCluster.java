package org.stackport.simulator.internal.kube;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackport.simulator.internal.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One cluster that a server's {@code kubeadm init} made: its CA, bootstrap tokens and version, its API (see
 * {@link KubeApi}) with the Node objects of the machines that joined, and the addresses where the API listens on
 * this machine right now. Changed under the world's lock; the API answers from its own store.
 */
final class KubeCluster implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KubeCluster.class);
    static final int API_PORT = 6443;

    /** A node and its kubelet's state. */
    static final class Node {
        final String name;
        final String serverId;
        final boolean controlPlane;
        final String address;
        final Instant readyAt;
        String neverReady;
        boolean ready;

        Node(String name, String serverId, boolean controlPlane, String address, Instant readyAt, String neverReady) {
            this.name = name;
            this.serverId = serverId;
            this.controlPlane = controlPlane;
            this.address = address;
            this.readyAt = readyAt;
            this.neverReady = neverReady;
        }
    }

    /** The server's facts a node object shows. */
    record Machine(String serverId, String name, String address, int vcpus, int ramMb) {
    }

    final String initServerId;
    final String name;
    final String version;
    final String controlPlaneEndpoint;
    final ClusterCa ca;
    final Set<String> tokens;
    final KubeApi api;
    private final SSLContext tls;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<String, KubeApiServer> listeners = new LinkedHashMap<>();
    private final Set<String> bindFailures = new LinkedHashSet<>();
    boolean unreachable;

    KubeCluster(String initServerId, Kubeadm.Init init, ClusterCa ca) {
        this.initServerId = initServerId;
        this.name = init.clusterName();
        this.version = init.version();
        this.controlPlaneEndpoint = init.controlPlaneEndpoint() != null ? init.controlPlaneEndpoint()
                : init.advertiseAddress() + ":" + API_PORT;
        this.ca = ca;
        this.tokens = Set.copyOf(init.tokens());
        this.api = new KubeApi(version);
        // the SANs kubeadm gives the API server certificate
        Set<String> sans = new LinkedHashSet<>(ClusterCa.kubernetesNames());
        sans.add(ClusterCa.firstServiceIp(init.serviceSubnet()));
        if (init.advertiseAddress() != null) {
            sans.add(init.advertiseAddress());
        }
        sans.add(host(controlPlaneEndpoint));
        sans.addAll(init.certSans());
        this.tls = ca.serverContext(sans);
        for (String ns : List.of("default", "kube-system", "kube-public", "kube-node-lease")) {
            ObjectNode o = Json.object().put("apiVersion", "v1").put("kind", "Namespace");
            o.putObject("metadata").put("name", ns);
            o.putObject("status").put("phase", "Active");
            api.create("/api/v1/namespaces", o);
        }
        ObjectNode info = Json.object().put("apiVersion", "v1").put("kind", "ConfigMap");
        info.putObject("metadata").put("name", "cluster-info").put("namespace", "kube-public");
        info.putObject("data").put("kubeconfig", "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n"
                + "    certificate-authority-data: " + java.util.Base64.getEncoder().encodeToString(ca.pem().getBytes())
                + "\n    server: https://" + controlPlaneEndpoint + "\n  name: \"\"\n");
        api.create("/api/v1/namespaces/kube-public/configmaps", info);
    }

    static String host(String endpoint) {
        String h = endpoint.startsWith("[") ? endpoint.substring(1, endpoint.indexOf(']')) : endpoint;
        int colon = h.lastIndexOf(':');
        return !endpoint.startsWith("[") && colon > 0 && h.indexOf(':') == colon ? h.substring(0, colon) : h;
    }

    Collection<Node> nodes() {
        return nodes.values();
    }

    boolean hasNode(String name) {
        return nodes.values().stream().anyMatch(n -> n.name.equals(name));
    }

    /** Registers a node as its kubelet does: NotReady until its network is up. */
    void addNode(Machine m, Kubeadm.Registration reg, boolean controlPlane, Instant now, Instant readyAt, String neverReady) {
        nodes.put(m.serverId(), new Node(reg.name(), m.serverId(), controlPlane, m.address(), readyAt, neverReady));
        ObjectNode node = Json.object().put("apiVersion", "v1").put("kind", "Node");
        ObjectNode meta = node.putObject("metadata").put("name", reg.name());
        ObjectNode labels = meta.putObject("labels");
        labels.put("beta.kubernetes.io/arch", "amd64").put("beta.kubernetes.io/os", "linux")
                .put("kubernetes.io/arch", "amd64").put("kubernetes.io/hostname", reg.name()).put("kubernetes.io/os", "linux");
        if (controlPlane) {
            labels.put("node-role.kubernetes.io/control-plane", "").put("node.kubernetes.io/exclude-from-external-load-balancers", "");
        }
        reg.labels().forEach(labels::put);
        meta.putObject("annotations").put("kubeadm.alpha.kubernetes.io/cri-socket", "unix:///var/run/containerd/containerd.sock")
                .put("node.alpha.kubernetes.io/ttl", "0").put("volumes.kubernetes.io/controller-managed-attach-detach", "true");
        ArrayNode taints = node.putObject("spec").putArray("taints");
        List<Map<String, String>> wanted = reg.taints() != null ? reg.taints()
                : controlPlane ? List.of(Map.of("key", Kubeadm.CONTROL_PLANE_TAINT, "effect", "NoSchedule")) : List.of();
        wanted.forEach(t -> {
            ObjectNode o = taints.addObject();
            t.forEach(o::put);
        });
        ObjectNode status = node.putObject("status");
        ObjectNode capacity = status.putObject("capacity").put("cpu", String.valueOf(m.vcpus()))
                .put("memory", (m.ramMb() * 1024L) + "Ki").put("pods", "110").put("ephemeral-storage", "20959212Ki");
        status.set("allocatable", capacity.deepCopy());
        ArrayNode addresses = status.putArray("addresses");
        if (m.address() != null) {
            addresses.addObject().put("type", "InternalIP").put("address", m.address());
        }
        addresses.addObject().put("type", "Hostname").put("address", reg.name());
        status.putObject("nodeInfo").put("kubeletVersion", version).put("kubeProxyVersion", version)
                .put("containerRuntimeVersion", "containerd://1.7.24").put("osImage", "Ubuntu 24.04.1 LTS")
                .put("kernelVersion", "6.8.0-51-generic").put("operatingSystem", "linux").put("architecture", "amd64")
                .put("machineID", m.serverId().replace("-", "")).put("systemUUID", m.serverId()).put("bootID", m.serverId());
        status.set("conditions", conditions(false, now, neverReady));
        api.create("/api/v1/nodes", node);
    }

    /** Nodes whose kubelet came up by {@code now} turn Ready (unless a fault keeps them NotReady). */
    void refresh(Instant now) {
        for (Node n : nodes.values()) {
            if (!n.ready && n.neverReady == null && !now.isBefore(n.readyAt)) {
                n.ready = true;
                api.update("/api/v1/nodes/" + n.name, o -> o.withObject("status").set("conditions", conditions(true, now, null)));
            }
        }
    }

    void removeNode(String serverId) {
        Node n = nodes.remove(serverId);
        if (n != null) {
            api.delete("/api/v1/nodes/" + n.name);
        }
    }

    boolean hasControlPlane() {
        return nodes.values().stream().anyMatch(n -> n.controlPlane);
    }

    /** Listens on exactly these addresses (port 6443), each its own TLS listener; an address in use is skipped. */
    void listen(Set<String> addresses, Runnable beforeEach) {
        Set<String> wanted = unreachable ? Set.of() : addresses;
        for (String address : List.copyOf(listeners.keySet())) {
            if (!wanted.contains(address)) {
                listeners.remove(address).close();
            }
        }
        for (String address : wanted) {
            if (!listeners.containsKey(address)) {
                try {
                    listeners.put(address, new KubeApiServer(address, API_PORT, tls, api, beforeEach));
                    bindFailures.remove(address);
                } catch (IOException e) {
                    if (bindFailures.add(address)) {
                        log.warn("The simulated Kubernetes API of {} cannot listen on {}:{}: {}", name, address, API_PORT, e.getMessage());
                    }
                }
            }
        }
    }

    List<String> endpoints() {
        return new ArrayList<>(listeners.keySet().stream().map(a -> a + ":" + API_PORT).toList());
    }

    @Override
    public void close() {
        listeners.values().forEach(KubeApiServer::close);
        listeners.clear();
    }

    private static ArrayNode conditions(boolean ready, Instant now, String neverReady) {
        ArrayNode c = Json.array();
        for (String type : List.of("MemoryPressure", "DiskPressure", "PIDPressure")) {
            c.addObject().put("type", type).put("status", "False").put("reason", "KubeletHas" + (type.equals("PIDPressure")
                            ? "SufficientPID" : type.equals("DiskPressure") ? "NoDiskPressure" : "SufficientMemory"))
                    .put("message", "kubelet has no " + type).put("lastHeartbeatTime", now.toString())
                    .put("lastTransitionTime", now.toString());
        }
        String message = ready ? "kubelet is posting ready status" : neverReady != null ? neverReady
                : "container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady "
                        + "message:Network plugin returns error: cni plugin not initialized";
        c.addObject().put("type", "Ready").put("status", ready ? "True" : "False")
                .put("reason", ready ? "KubeletReady" : "KubeletNotReady").put("message", message)
                .put("lastHeartbeatTime", now.toString()).put("lastTransitionTime", now.toString());
        return c;
    }
}
