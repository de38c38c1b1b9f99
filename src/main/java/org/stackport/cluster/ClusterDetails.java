package org.stackport.cluster;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A cluster as {@code GET /projects/{project}/clusters/{name}} answers it: the request it was made from, the profile
 * version it is built from, its status, and (once provisioning has run) its nodes and cloud resources.
 */
public record ClusterDetails(String name, String project, String description, List<String> tags, String profile,
                             String profileVersion, Map<String, String> packOverrides, String cloudAccount,
                             ClusterSpec.Placement placement, ClusterSpec.MasterPool masterPool,
                             List<ClusterSpec.WorkerPool> workerPools, ClusterSpec.Policies policies, String status,
                             String statusDetail, int progress, List<Node> nodes, String controlPlaneEndpoint,
                             List<Resource> resources, String createdBy, Instant createdAt, String uid,
                             Instant deletingSince, Long forceDeleteInSeconds) {

    /**
     * A node as OpenStack shows it; {@code ready} and {@code kubeletVersion} are Kubernetes' view (null until
     * Stackport reads the cluster's API).
     */
    public record Node(String name, String pool, String role, String status, String availabilityZone, String address,
                       Boolean ready, String kubeletVersion) {
    }

    /** A cloud resource of the cluster's ledger: state intended, created, ready, deleting or gone. */
    public record Resource(String kind, String id, String name, String state) {
    }
}
