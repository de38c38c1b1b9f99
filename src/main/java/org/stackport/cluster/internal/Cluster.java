package org.stackport.cluster.internal;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/** A stored cluster: the user's request ({@code spec}, JSON) and the resolved profile it is built from. */
public record Cluster(@Id Long id, long tenantId, long projectId, String name, String liveName, String status,
                      String statusDetail, String profileName, String profileVersion, String cloudAccount, String tags,
                      int nodeCount, String spec, String profile, String createdBy, Instant createdAt, Instant updatedAt,
                      Instant deletedAt, @Version Integer version) {
}
