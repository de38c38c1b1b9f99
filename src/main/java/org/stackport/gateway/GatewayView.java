package org.stackport.gateway;

import java.time.Instant;
import java.util.List;

/**
 * A gateway as listed and shown; its credentials stay in the cloud account of the same name.
 * {@code availableUpgrade} is the version an upgrade would bring, or null when it runs the newest. An agent gateway
 * adds its nodes as their agents report them, the agents' version, and (once, in the answer that made it) the
 * agents' token.
 */
public record GatewayView(String name, String cloudType, String status, String statusDetail, int size,
                          List<GatewayNodeView> nodes, String version, Instant lastHeartbeat, boolean shareAcrossProjects,
                          String cloudAccount, Instant createdAt, String availableUpgrade, String mode,
                          String agentVersion, boolean upgradeAvailable, String agentToken) {

    /** The same answer carrying the token that was just made (shown this once). */
    GatewayView withToken(String token) {
        return new GatewayView(name, cloudType, status, statusDetail, size, nodes, version, lastHeartbeat,
                shareAcrossProjects, cloudAccount, createdAt, availableUpgrade, mode, agentVersion, upgradeAvailable, token);
    }

    @Override
    public String toString() {
        return "GatewayView[" + name + ", " + mode + ", " + status + (agentToken == null ? "" : ", agentToken=********") + "]";
    }
}
