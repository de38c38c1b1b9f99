package org.stackport.profile;

import java.time.Instant;
import java.util.List;

/**
 * A profile as listed: its latest version with that version's packs, and the layers in one line
 * ({@code ubuntu 22.04 · kubernetes 1.31.4 · ...}) for a table.
 */
public record ProfileSummary(String name, String version, String description, String cloudType, String type,
                             List<ProfilePack> packs, String layers, Instant updatedAt) {
}
