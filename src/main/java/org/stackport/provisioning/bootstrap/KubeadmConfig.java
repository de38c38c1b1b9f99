package org.stackport.provisioning.bootstrap;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The kubeadm configuration documents a node's user data writes to {@link #PATH}.
 *
 * <p>The API version follows the Kubernetes version: kubeadm.k8s.io/v1beta3 up to 1.30, v1beta4 from 1.31, where
 * kubeadm introduced it and deprecated v1beta3 (kubeadm 1.36 no longer reads v1beta3). For the fields written
 * here the two differ only in the shape of kubeletExtraArgs (a map in v1beta3, a list of name/value pairs in
 * v1beta4).
 */
final class KubeadmConfig {

    static final String PATH = "/etc/kubernetes/kubeadm.yaml";

    /** Long enough for the first nodes to boot and join; later joins need a fresh token from the cluster. */
    static final String TOKEN_TTL = "2h0m0s";

    private static final int FIRST_V1BETA4_MINOR = 31;

    private KubeadmConfig() {
    }

    static String apiVersion(ClusterBootstrap cluster) {
        return cluster.minorVersion() >= FIRST_V1BETA4_MINOR ? "kubeadm.k8s.io/v1beta4" : "kubeadm.k8s.io/v1beta3";
    }

    /** InitConfiguration and ClusterConfiguration for the first control-plane node. */
    static String init(NodeBootstrap node, ClusterBootstrap cluster) {
        Map<String, Object> token = new LinkedHashMap<>();
        token.put("token", cluster.token().value());
        token.put("description", "Stackport: nodes of cluster " + cluster.clusterName() + " join with it");
        token.put("ttl", TOKEN_TTL);
        token.put("usages", List.of("signing", "authentication"));
        token.put("groups", List.of("system:bootstrappers:kubeadm:default-node-token"));

        Map<String, Object> init = document(cluster, "InitConfiguration");
        init.put("bootstrapTokens", List.of(token));
        init.put("nodeRegistration", nodeRegistration(node, cluster));
        init.put("localAPIEndpoint", Map.of("advertiseAddress", node.address()));

        Map<String, Object> clusterConfig = document(cluster, "ClusterConfiguration");
        clusterConfig.put("clusterName", cluster.clusterName());
        clusterConfig.put("kubernetesVersion", cluster.kubeadmVersion());
        clusterConfig.put("controlPlaneEndpoint", cluster.controlPlaneEndpoint());
        clusterConfig.put("certificatesDir", CloudInit.PKI_DIR);
        clusterConfig.put("apiServer", Map.of("certSANs", cluster.certSans()));
        Map<String, Object> networking = new LinkedHashMap<>();
        networking.put("podSubnet", cluster.podCidr());
        networking.put("serviceSubnet", cluster.serviceCidr());
        clusterConfig.put("networking", networking);

        return YamlText.dumpAll(List.of(init, clusterConfig));
    }

    /**
     * A JoinConfiguration that finds the cluster by the bootstrap token and pins its CA by hash (never
     * unsafeSkipCAVerification); a control-plane node also advertises its own API endpoint.
     */
    static String join(NodeBootstrap node, ClusterBootstrap cluster) {
        Map<String, Object> bootstrapToken = new LinkedHashMap<>();
        bootstrapToken.put("token", cluster.token().value());
        bootstrapToken.put("apiServerEndpoint", cluster.controlPlaneEndpoint());
        bootstrapToken.put("caCertHashes", List.of(cluster.pki().caCertHash()));

        Map<String, Object> join = document(cluster, "JoinConfiguration");
        join.put("discovery", Map.of("bootstrapToken", bootstrapToken));
        join.put("nodeRegistration", nodeRegistration(node, cluster));
        if (node.controlPlane()) {
            join.put("controlPlane", Map.of("localAPIEndpoint", Map.of("advertiseAddress", node.address())));
        }
        return YamlText.dump(join);
    }

    private static Map<String, Object> document(ClusterBootstrap cluster, String kind) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", apiVersion(cluster));
        doc.put("kind", kind);
        return doc;
    }

    private static Map<String, Object> nodeRegistration(NodeBootstrap node, ClusterBootstrap cluster) {
        Map<String, Object> reg = new LinkedHashMap<>();
        reg.put("name", node.name());
        if (!node.labels().isEmpty()) {
            // sorted, so the same node always renders the same user data
            String labels = new TreeMap<>(node.labels()).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
            Map<String, Object> arg = new LinkedHashMap<>();
            arg.put("name", "node-labels");
            arg.put("value", labels);
            reg.put("kubeletExtraArgs", cluster.minorVersion() >= FIRST_V1BETA4_MINOR
                    ? List.of(arg)
                    : Map.of("node-labels", labels));
        }
        List<Map<String, Object>> taints = new ArrayList<>();
        for (NodeBootstrap.Taint t : node.taints()) {
            Map<String, Object> taint = new LinkedHashMap<>();
            taint.put("key", t.key());
            if (!t.value().isEmpty()) {
                taint.put("value", t.value());
            }
            taint.put("effect", t.effect());
            taints.add(taint);
        }
        // always written: an absent list would let kubeadm add its own control-plane taint
        reg.put("taints", taints);
        return reg;
    }
}
