package org.stackport.gateway.internal;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

public record Gateway(@Id Long id, long tenantId, String name, String cloudType, String status, String statusReason,
                      int size, String softwareVersion, boolean shareAcrossProjects, String cloudAccount, String settings,
                      Instant lastHeartbeat, int missedHeartbeats, Instant createdAt, Instant updatedAt,
                      @Version Integer version, String targetVersion) {

    public Gateway withHealth(String status, String reason, Instant heartbeat, int missed, Instant now) {
        return new Gateway(id, tenantId, name, cloudType, status, reason, size, softwareVersion, shareAcrossProjects,
                cloudAccount, settings, heartbeat, missed, createdAt, now, version, targetVersion);
    }

    public Gateway withSize(int newSize, Instant now) {
        return new Gateway(id, tenantId, name, cloudType, status, statusReason, newSize, softwareVersion,
                shareAcrossProjects, cloudAccount, settings, lastHeartbeat, missedHeartbeats, createdAt, now, version,
                targetVersion);
    }

    /** Starts an upgrade: {@code Upgrading} until the gateway next answers its health check. */
    public Gateway upgrading(String target, Instant now) {
        return new Gateway(id, tenantId, name, cloudType, "Upgrading", "upgrading from " + softwareVersion + " to " + target,
                size, softwareVersion, shareAcrossProjects, cloudAccount, settings, lastHeartbeat, missedHeartbeats,
                createdAt, now, version, target);
    }

    /** Ends an upgrade: the gateway runs the target version. */
    public Gateway upgraded(Instant heartbeat, Instant now) {
        return new Gateway(id, tenantId, name, cloudType, "Running", null, size, targetVersion, shareAcrossProjects,
                cloudAccount, settings, heartbeat, 0, createdAt, now, version, null);
    }

    /** New install choices: the gateway is {@code Installing} again until its next good health check. */
    public Gateway redeployed(String newSettings, int newSize, boolean shared, Instant now) {
        return new Gateway(id, tenantId, name, cloudType, "Installing", "redeploying with changed settings", newSize,
                softwareVersion, shared, cloudAccount, newSettings, lastHeartbeat, 0, createdAt, now, version, targetVersion);
    }
}
