package org.stackport.gateway.internal;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * A gateway. {@code mode} is {@code direct} (the console reaches the cloud itself) or {@code agent} (its agents carry
 * the console's connections); {@code agentTokenHash} is the SHA-256 of the agents' token (agent gateways only).
 */
public record Gateway(@Id Long id, long tenantId, String name, String cloudType, String status, String statusReason,
                      int size, String softwareVersion, boolean shareAcrossProjects, String cloudAccount, String settings,
                      Instant lastHeartbeat, int missedHeartbeats, Instant createdAt, Instant updatedAt,
                      @Version Integer version, String targetVersion, String mode, String agentTokenHash, String uid,
                      String deletedBy) {

    public static final String DIRECT = "direct";
    public static final String AGENT = "agent";

    public boolean agent() {
        return AGENT.equals(mode);
    }

    public Gateway withHealth(String status, String reason, Instant heartbeat, int missed, Instant now) {
        return new Gateway(id, tenantId, name, cloudType, status, reason, size, softwareVersion, shareAcrossProjects,
                cloudAccount, settings, heartbeat, missed, createdAt, now, version, targetVersion, mode, agentTokenHash, uid, deletedBy);
    }

    public Gateway withSize(int newSize, Instant now) {
        return new Gateway(id, tenantId, name, cloudType, status, statusReason, newSize, softwareVersion,
                shareAcrossProjects, cloudAccount, settings, lastHeartbeat, missedHeartbeats, createdAt, now, version,
                targetVersion, mode, agentTokenHash, uid, deletedBy);
    }

    public Gateway withTokenHash(String hash, Instant now) {
        return new Gateway(id, tenantId, name, cloudType, status, statusReason, size, softwareVersion,
                shareAcrossProjects, cloudAccount, settings, lastHeartbeat, missedHeartbeats, createdAt, now, version,
                targetVersion, mode, hash, uid, deletedBy);
    }

    /** Starts an upgrade: {@code Upgrading} until the gateway next answers its health check. */
    public Gateway upgrading(String target, Instant now) {
        return new Gateway(id, tenantId, name, cloudType, "Upgrading", "upgrading from " + softwareVersion + " to " + target,
                size, softwareVersion, shareAcrossProjects, cloudAccount, settings, lastHeartbeat, missedHeartbeats,
                createdAt, now, version, target, mode, agentTokenHash, uid, deletedBy);
    }

    /** Ends an upgrade: the gateway runs the target version. */
    public Gateway upgraded(Instant heartbeat, Instant now) {
        return new Gateway(id, tenantId, name, cloudType, "Running", null, size, targetVersion, shareAcrossProjects,
                cloudAccount, settings, heartbeat, 0, createdAt, now, version, null, mode, agentTokenHash, uid, deletedBy);
    }

    /** New install choices: the gateway is {@code Installing} again until its next good health check. */
    public Gateway redeployed(String newSettings, int newSize, boolean shared, Instant now) {
        return new Gateway(id, tenantId, name, cloudType, "Installing", "redeploying with changed settings", newSize,
                softwareVersion, shared, cloudAccount, newSettings, lastHeartbeat, 0, createdAt, now, version, targetVersion,
                mode, agentTokenHash, uid, deletedBy);
    }

    /** Its servers are being removed from the cloud; the record and its account go when they are gone. */
    public Gateway deleting(String by, Instant now) {
        return new Gateway(id, tenantId, name, cloudType, "Deleting", "removing the gateway's servers from the cloud", size,
                softwareVersion, shareAcrossProjects, cloudAccount, settings, lastHeartbeat, missedHeartbeats, createdAt,
                now, version, targetVersion, mode, agentTokenHash, uid, by);
    }

    /** The prefix of the names of everything Stackport makes in the cloud for this gateway. */
    public String prefix() {
        return "spgw-" + uid.substring(0, 8);
    }

    public Gateway withSettings(String newSettings) {
        return new Gateway(id, tenantId, name, cloudType, status, statusReason, size, softwareVersion, shareAcrossProjects,
                cloudAccount, newSettings, lastHeartbeat, missedHeartbeats, createdAt, updatedAt, version, targetVersion,
                mode, agentTokenHash, uid, deletedBy);
    }

    /** New install choices for an agent gateway whose nodes run: they are replaced one at a time ({@code Upgrading}). */
    public Gateway rolling(String newSettings, int newSize, boolean shared, String target, Instant now) {
        return new Gateway(id, tenantId, name, cloudType, "Upgrading", "replacing the nodes, one at a time, with the changed "
                + "settings", newSize, softwareVersion, shared, cloudAccount, newSettings, lastHeartbeat, missedHeartbeats,
                createdAt, now, version, target, mode, agentTokenHash, uid, deletedBy);
    }
}
