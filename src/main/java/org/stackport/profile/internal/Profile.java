package org.stackport.profile.internal;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

@org.springframework.data.relational.core.mapping.Table("cluster_profile")
public record Profile(@Id Long id, long tenantId, String name, String description, String latestVersion,
                      Instant createdAt, Instant updatedAt, @Version Integer version) {
}
