package org.stackport.account;

import java.time.Instant;

/** A cloud account as shown to people: the password is always "********". */
public record CloudAccountView(String name, String scope, String project, boolean shared, String gateway, String username, String password,
                               String identityEndpoint, boolean caCertificate, boolean insecure, String parentRegion,
                               String defaultDomain, String defaultProject, Instant createdAt, Instant updatedAt,
                               String authType, String applicationCredentialId, String applicationCredentialSecret) {

    public boolean usesApplicationCredential() {
        return CloudAccountCommand.APPLICATION_CREDENTIAL.equals(authType);
    }
}
