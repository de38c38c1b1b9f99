package org.stackport.profile.internal;

import java.time.Instant;
import org.springframework.data.annotation.Id;

/** One immutable version of a profile; {@code packs} is the JSON list of its packs with their values. */
@org.springframework.data.relational.core.mapping.Table("cluster_profile_version")
public record ProfileVersion(@Id Long id, long profileId, String version, String description, String packs,
                             String createdBy, Instant createdAt) {
}
