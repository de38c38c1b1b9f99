package org.stackport.gateway.internal;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

public record Gateway(@Id Long id, long tenantId, String name, String cloudType, String status, String statusReason,
                      int size, String softwareVersion, boolean shareAcrossProjects, String cloudAccount, String settings,
                      Instant lastHeartbeat, int missedHeartbeats, Instant createdAt, Instant updatedAt,
                      @Version Integer version) {

    public Gateway withHealth(String status, String reason, Instant heartbeat, int missed, Instant now) {
        return new Gateway(id, tenantId, name, cloudType, status, reason, size, softwareVersion, shareAcrossProjects,
                cloudAccount, settings, heartbeat, missed, createdAt, now, version);
    }

    public Gateway withSize(int newSize, Instant now) {
        return new Gateway(id, tenantId, name, cloudType, status, statusReason, newSize, softwareVersion,
                shareAcrossProjects, cloudAccount, settings, lastHeartbeat, missedHeartbeats, createdAt, now, version);
    }
}
