package org.stackport.provisioning.bootstrap;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One node as kubeadm registers it: its Kubernetes name (the server's name, a lowercase DNS subdomain), its role
 * ({@value #CONTROL_PLANE} or {@value #WORKER}), its private address (required for control-plane nodes, where
 * the API server advertises it; may be null for workers), the labels the kubelet sets on itself and its taints.
 *
 * <p>Taints are written exactly as given, also for control-plane nodes: an empty list means no taint at all, so a
 * caller that wants kubeadm's usual {@code node-role.kubernetes.io/control-plane:NoSchedule} passes it.
 * Labels the kubelet would refuse (kubernetes.io and k8s.io namespaces, see {@link Names#kubeletMaySet}) are
 * refused here, because a kubelet that refuses its flags never registers the node.
 */
public record NodeBootstrap(String name, String role, String address, Map<String, String> labels,
                            List<Taint> taints) {

    public static final String CONTROL_PLANE = "control-plane";
    public static final String WORKER = "worker";

    public NodeBootstrap {
        if (!Names.isDnsSubdomain(name)) {
            throw new IllegalArgumentException("node name '" + name + "' is not a lowercase DNS subdomain");
        }
        if (!CONTROL_PLANE.equals(role) && !WORKER.equals(role)) {
            throw new IllegalArgumentException("node role must be '" + CONTROL_PLANE + "' or '" + WORKER + "', not '"
                    + role + "'");
        }
        if (address != null && !Names.isIp(address)) {
            throw new IllegalArgumentException("node address '" + address + "' is not an IP address");
        }
        if (CONTROL_PLANE.equals(role) && address == null) {
            throw new IllegalArgumentException("a control-plane node needs its address");
        }
        labels = Map.copyOf(Objects.requireNonNullElse(labels, Map.of()));
        labels.forEach((k, v) -> {
            if (!Names.isLabelKey(k) || !Names.isLabelValue(v)) {
                throw new IllegalArgumentException("'" + k + "=" + v + "' is not a valid Kubernetes label");
            }
            if (!Names.kubeletMaySet(k)) {
                throw new IllegalArgumentException("the kubelet may not set label '" + k
                        + "' on itself (use node.kubernetes.io/ or your own prefix)");
            }
        });
        taints = List.copyOf(Objects.requireNonNullElse(taints, List.of()));
    }

    public boolean controlPlane() {
        return CONTROL_PLANE.equals(role);
    }

    /** A Kubernetes node taint; {@code value} may be empty. */
    public record Taint(String key, String value, String effect) {

        private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

        public Taint {
            if (!Names.isLabelKey(key)) {
                throw new IllegalArgumentException("taint key '" + key + "' is not a valid Kubernetes key");
            }
            value = Objects.requireNonNullElse(value, "");
            if (!Names.isLabelValue(value)) {
                throw new IllegalArgumentException("taint value '" + value + "' is not a valid Kubernetes value");
            }
            if (!EFFECTS.contains(effect)) {
                throw new IllegalArgumentException("taint effect must be one of " + EFFECTS + ", not '" + effect
                        + "'");
            }
        }
    }
}
