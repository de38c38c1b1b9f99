package org.stackport.simulator;

/** A resource nobody uses any more (a leak): ports of deleted servers, available volumes once attached, ... */
public record SimOrphan(String kind, String id, String name, String projectId, String reason) {
}
