package org.stackport.gateway;

import java.time.Instant;
import java.util.List;

/** A gateway as listed and shown; its credentials stay in the cloud account of the same name. */
public record GatewayView(String name, String cloudType, String status, String statusDetail, int size, List<String> nodes,
                          String version, Instant lastHeartbeat, boolean shareAcrossProjects, String cloudAccount,
                          Instant createdAt) {
}
