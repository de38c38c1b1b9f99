package org.stackport.simulator;

import java.util.List;

/**
 * A Kubernetes cluster the simulated machines made: its name and version from kubeadm's ClusterConfiguration, the
 * controlPlaneEndpoint it was configured with, the endpoints ({@code host:6443}) where its API listens on this
 * machine now (empty while no floating IP leads to it, or while it is made unreachable), its CA and that CA's
 * kubeadm discovery hash, and its nodes.
 */
public record SimKubeCluster(String name, String kubernetesVersion, String controlPlaneEndpoint, List<String> apiEndpoints,
                             String caCertificatePem, String caCertHash, List<Node> nodes) {

    /** A node as the API shows it; {@code serverId} is the Nova server that runs it. */
    public record Node(String name, String serverId, boolean controlPlane, boolean ready, String kubeletVersion,
                       String address) {
    }
}
