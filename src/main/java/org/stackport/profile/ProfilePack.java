package org.stackport.profile;

/** One layer of a profile: a catalog pack, its version and its values (YAML). */
public record ProfilePack(String layer, String name, String version, String values) {
}
