package org.stackport.cluster;

import java.util.List;

/**
 * What the provisioning engine does for clusters, seen from this feature. The engine implements it, so the
 * dependency points from provisioning to cluster and never back.
 */
public interface ClusterEngine {

    /** Let the engine look at the cluster now (after a create, an abort or a delete request). */
    void wake(long clusterId);

    /** Nodes and the resource ledger as the engine last saw them. */
    Progress progress(long clusterId);

    /** The step journal, in the order the steps started. */
    List<ClusterEvent> events(long clusterId);

    /**
     * Force delete: one last attempt to remove what the ledger holds, without waiting; returns what may remain in
     * the cloud. The caller then forgets the cluster.
     */
    List<ClusterDetails.Resource> finalSweep(long clusterId);

    /**
     * A kubeconfig for one person: the endpoint, the cluster's CA and a client certificate signed for this download
     * (the user's name in its CN, group kubeadm:cluster-admins), valid for {@code validity}.
     */
    String kubeconfig(long clusterId, String clusterName, String endpoint, String user, java.time.Duration validity);

    record Progress(List<ClusterDetails.Node> nodes, List<ClusterDetails.Resource> resources) {
        public static final Progress NONE = new Progress(List.of(), List.of());
    }
}
