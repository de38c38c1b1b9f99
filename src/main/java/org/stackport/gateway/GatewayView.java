package org.stackport.gateway;

import java.time.Instant;
import java.util.List;

/**
 * A gateway as listed and shown; its credentials stay in the cloud account of the same name.
 * {@code availableUpgrade} is the version an upgrade would bring, or null when it runs the newest.
 */
public record GatewayView(String name, String cloudType, String status, String statusDetail, int size, List<String> nodes,
                          String version, Instant lastHeartbeat, boolean shareAcrossProjects, String cloudAccount,
                          Instant createdAt, String availableUpgrade) {
}
