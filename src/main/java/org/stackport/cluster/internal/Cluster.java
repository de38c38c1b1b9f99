package org.stackport.cluster.internal;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/** A stored cluster: the user's request ({@code spec}, JSON) and the resolved profile it is built from. */
public record Cluster(@Id Long id, long tenantId, long projectId, String name, String liveName, String status,
                      String statusDetail, String profileName, String profileVersion, String cloudAccount, String tags,
                      int nodeCount, String spec, String profile, String createdBy, Instant createdAt, Instant updatedAt,
                      Instant deletedAt, @Version Integer version, String uid, int progress, Instant deletingSince,
                      String controlPlaneEndpoint, boolean deleteVolumeClaims) {

    public Cluster withStatus(String status, String statusDetail, int progress, Instant at) {
        return new Cluster(id, tenantId, projectId, name, liveName, status, statusDetail, profileName, profileVersion,
                cloudAccount, tags, nodeCount, spec, profile, createdBy, createdAt, at, deletedAt, version, uid, progress,
                deletingSince, controlPlaneEndpoint, deleteVolumeClaims);
    }

    public Cluster deleting(String status, String statusDetail, Instant at) {
        return new Cluster(id, tenantId, projectId, name, liveName, status, statusDetail, profileName, profileVersion,
                cloudAccount, tags, nodeCount, spec, profile, createdBy, createdAt, at, deletedAt, version, uid, 0,
                at, controlPlaneEndpoint, deleteVolumeClaims);
    }

    /** The delete also removes the cluster's PersistentVolumeClaims first. */
    public Cluster withVolumeClaimsDeleted(boolean delete) {
        return new Cluster(id, tenantId, projectId, name, liveName, status, statusDetail, profileName, profileVersion,
                cloudAccount, tags, nodeCount, spec, profile, createdBy, createdAt, updatedAt, deletedAt, version, uid,
                progress, deletingSince, controlPlaneEndpoint, delete);
    }

    public Cluster withEndpoint(String endpoint, Instant at) {
        return new Cluster(id, tenantId, projectId, name, liveName, status, statusDetail, profileName, profileVersion,
                cloudAccount, tags, nodeCount, spec, profile, createdBy, createdAt, at, deletedAt, version, uid, progress,
                deletingSince, endpoint, deleteVolumeClaims);
    }

    /** Gone from lists; the name may be used again. */
    public Cluster deleted(String statusDetail, Instant at) {
        return new Cluster(id, tenantId, projectId, name, null, "Deleted", statusDetail, profileName, profileVersion,
                cloudAccount, tags, nodeCount, spec, profile, createdBy, createdAt, at, at, version, uid, 100,
                deletingSince, controlPlaneEndpoint, deleteVolumeClaims);
    }
}
