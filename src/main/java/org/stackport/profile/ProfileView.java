package org.stackport.profile;

import java.time.Instant;
import java.util.List;

/** A version of a profile as shown, with the list of all its versions (newest first). */
public record ProfileView(String name, String version, String description, String cloudType, String type,
                          List<ProfilePack> packs, List<String> versions, String createdBy, Instant createdAt) {
}
