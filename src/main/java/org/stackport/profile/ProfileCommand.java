package org.stackport.profile;

import java.util.List;

/**
 * What a user sends to create a profile or a new version of it. A blank {@code version} is 1.0.0 for a new
 * profile and the latest version with its last number raised for a change.
 */
public record ProfileCommand(String name, String version, String description, String cloudType, String type,
                             List<ProfilePack> packs) {
}
