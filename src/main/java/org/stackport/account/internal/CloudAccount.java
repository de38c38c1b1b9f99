package org.stackport.account.internal;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;

/**
 * A stored cloud account; {@code passwordSecret} is the encrypted secret: the user's password, or with
 * {@code authType} "applicationCredential" the secret of application credential {@code applicationCredentialId}.
 * {@code shared}: a tenant-scope account every project may use (false: tenant admins only).
 */
public record CloudAccount(@Id Long id, long tenantId, String name, String scope, Long projectId, boolean shared, String gateway,
                           String username, String passwordSecret, String identityEndpoint, String caCertificate,
                           boolean insecure, String parentRegion, String defaultDomain, String defaultProject,
                           Instant createdAt, Instant updatedAt, @Version Integer version, String authType,
                           String applicationCredentialId) {

    @Override
    public String toString() {
        return "CloudAccount[" + name + ", " + username + "@" + identityEndpoint + ", password=********]";
    }
}
