package org.stackport.simulator.internal.kube;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What {@code kubeadm init|join --config FILE} in a cloud-config's runcmd asks for, read from the kubeadm
 * configuration documents (kubeadm.k8s.io/v1beta3 or v1beta4) the same user data wrote. Kubeadm itself refuses a
 * configuration it cannot read; so does this: {@link Plan#problem()} says why, and the machine stays without a node.
 */
final class Kubeadm {

    static final Set<String> API_VERSIONS = Set.of("kubeadm.k8s.io/v1beta3", "kubeadm.k8s.io/v1beta4");
    static final String CONTROL_PLANE_TAINT = "node-role.kubernetes.io/control-plane";

    private Kubeadm() {
    }

    /** A node as its kubelet registers it; {@code taints} null when the configuration leaves them to kubeadm. */
    record Registration(String name, Map<String, String> labels, List<Map<String, String>> taints) {
    }

    /** kubeadm init: the cluster's configuration and its first control-plane node. */
    record Init(Registration node, List<String> tokens, String advertiseAddress, String clusterName, String version,
                String controlPlaneEndpoint, List<String> certSans, String serviceSubnet) {
    }

    /** kubeadm join: where to find the cluster and how to trust it; {@code controlPlane} for another API server. */
    record Join(Registration node, String token, String apiServerEndpoint, List<String> caCertHashes,
                boolean unsafeSkipCaVerification, boolean controlPlane) {
    }

    /** One of init or join, or the reason kubeadm would stop before doing either. */
    record Plan(Init init, Join join, String problem) {

        static Plan failed(String problem) {
            return new Plan(null, null, problem);
        }
    }

    /** The first kubeadm init or join of runcmd; empty when the user data runs no kubeadm. */
    static Optional<Plan> plan(CloudConfig config, String hostname) {
        for (List<String> argv : config.commands()) {
            if (argv.size() < 2 || !argv.getFirst().endsWith("kubeadm")) {
                continue;
            }
            String verb = argv.get(1);
            if (!verb.equals("init") && !verb.equals("join")) {
                continue;
            }
            String path = option(argv, "--config");
            if (path == null) {
                return Optional.of(Plan.failed("kubeadm " + verb + " without --config: the simulator reads only configuration files"));
            }
            if (config.file(path).isEmpty()) {
                return Optional.of(Plan.failed("open " + path + ": no such file or directory"));
            }
            try {
                return Optional.of(verb.equals("init") ? init(config.documents(path), hostname) : join(config.documents(path), hostname));
            } catch (RuntimeException e) {
                return Optional.of(Plan.failed("cannot read " + path + ": " + e.getMessage()));
            }
        }
        return Optional.empty();
    }

    private static Plan init(List<Map<?, ?>> docs, String hostname) {
        Map<?, ?> init = document(docs, "InitConfiguration");
        Map<?, ?> cluster = document(docs, "ClusterConfiguration");
        if (init == null && cluster == null) {
            return Plan.failed("no InitConfiguration or ClusterConfiguration of " + API_VERSIONS);
        }
        init = init == null ? Map.of() : init;
        cluster = cluster == null ? Map.of() : cluster;
        List<String> tokens = new ArrayList<>();
        for (Object t : list(init.get("bootstrapTokens"))) {
            if (t instanceof Map<?, ?> m && m.get("token") != null) {
                tokens.add(String.valueOf(m.get("token")));
            }
        }
        String version = text(cluster.get("kubernetesVersion"));
        if (version == null) {
            return Plan.failed("kubernetesVersion is not set and this machine cannot fetch the stable version");
        }
        String endpoint = text(cluster.get("controlPlaneEndpoint"));
        String advertise = text(map(init.get("localAPIEndpoint")).get("advertiseAddress"));
        List<String> sans = list(map(cluster.get("apiServer")).get("certSANs")).stream().map(String::valueOf).toList();
        String serviceSubnet = text(map(cluster.get("networking")).get("serviceSubnet"));
        return new Plan(new Init(registration(init, hostname), tokens, advertise,
                text(cluster.get("clusterName")) == null ? "kubernetes" : text(cluster.get("clusterName")),
                version.startsWith("v") ? version : "v" + version, endpoint, sans,
                serviceSubnet == null ? "10.96.0.0/12" : serviceSubnet), null, null);
    }

    private static Plan join(List<Map<?, ?>> docs, String hostname) {
        Map<?, ?> join = document(docs, "JoinConfiguration");
        if (join == null) {
            return Plan.failed("no JoinConfiguration of " + API_VERSIONS);
        }
        Map<?, ?> token = map(map(join.get("discovery")).get("bootstrapToken"));
        if (token.isEmpty()) {
            return Plan.failed("discovery.bootstrapToken is required (file discovery is not simulated)");
        }
        List<String> hashes = list(token.get("caCertHashes")).stream().map(String::valueOf).toList();
        boolean skip = Boolean.TRUE.equals(token.get("unsafeSkipCAVerification"));
        if (hashes.isEmpty() && !skip) {
            return Plan.failed("discovery.bootstrapToken: Invalid value: using token-based discovery without "
                    + "caCertHashes can be unsafe. Set unsafeSkipCAVerification as true to continue");
        }
        String discoveryToken = text(token.get("token"));
        if (discoveryToken == null) {
            discoveryToken = text(map(join.get("discovery")).get("tlsBootstrapToken"));
        }
        return new Plan(null, new Join(registration(join, hostname), discoveryToken, text(token.get("apiServerEndpoint")),
                hashes, skip, join.get("controlPlane") != null), null);
    }

    private static Registration registration(Map<?, ?> doc, String hostname) {
        Map<?, ?> reg = map(doc.get("nodeRegistration"));
        String name = text(reg.get("name"));
        Map<String, String> labels = new LinkedHashMap<>();
        String nodeLabels = null;
        Object extra = reg.get("kubeletExtraArgs");
        if (extra instanceof Map<?, ?> m) {
            nodeLabels = text(m.get("node-labels"));
        } else if (extra instanceof List<?> l) {
            for (Object arg : l) {
                if (arg instanceof Map<?, ?> a && "node-labels".equals(text(a.get("name")))) {
                    nodeLabels = text(a.get("value"));
                }
            }
        }
        if (nodeLabels != null && !nodeLabels.isBlank()) {
            for (String pair : nodeLabels.split(",")) {
                int eq = pair.indexOf('=');
                labels.put(eq < 0 ? pair.trim() : pair.substring(0, eq).trim(), eq < 0 ? "" : pair.substring(eq + 1).trim());
            }
        }
        List<Map<String, String>> taints = null;
        if (reg.containsKey("taints")) {
            taints = new ArrayList<>();
            for (Object t : list(reg.get("taints"))) {
                Map<?, ?> m = map(t);
                Map<String, String> taint = new LinkedHashMap<>();
                taint.put("key", text(m.get("key")));
                if (text(m.get("value")) != null) {
                    taint.put("value", text(m.get("value")));
                }
                taint.put("effect", text(m.get("effect")));
                taints.add(taint);
            }
        }
        return new Registration(name == null ? hostname : name, labels, taints);
    }

    private static Map<?, ?> document(List<Map<?, ?>> docs, String kind) {
        for (Map<?, ?> d : docs) {
            if (kind.equals(d.get("kind"))) {
                if (!API_VERSIONS.contains(String.valueOf(d.get("apiVersion")))) {
                    throw new IllegalArgumentException("no kind \"" + kind + "\" is registered for version \""
                            + d.get("apiVersion") + "\"");
                }
                return d;
            }
        }
        return null;
    }

    private static String option(List<String> argv, String name) {
        for (int i = 2; i < argv.size(); i++) {
            if (argv.get(i).equals(name) && i + 1 < argv.size()) {
                return argv.get(i + 1);
            }
            if (argv.get(i).startsWith(name + "=")) {
                return argv.get(i).substring(name.length() + 1);
            }
        }
        return null;
    }

    private static Map<?, ?> map(Object o) {
        return o instanceof Map<?, ?> m ? m : Map.of();
    }

    private static List<?> list(Object o) {
        return o instanceof List<?> l ? l : List.of();
    }

    private static String text(Object o) {
        return o == null ? null : String.valueOf(o);
    }
}
