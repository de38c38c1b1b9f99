package org.stackport.account;

/**
 * What a user sends to create or change a cloud account. On change, a null password keeps the stored one.
 *
 * @param scope   "tenant" (managed by tenant admins) or "project" (one project; its admins)
 * @param shared  for tenant scope: every project may use it (default) or only tenant admins
 * @param authType "password" (default: username and password) or "applicationCredential" (a Keystone application
 *                 credential's id and secret; on change a null secret keeps the stored one)
 */
public record CloudAccountCommand(String name, String gateway, String username, String password, String identityEndpoint,
                                  String caCertificate, Boolean insecure, String parentRegion, String defaultDomain,
                                  String defaultProject, String scope, String project, Boolean shared, String authType,
                                  String applicationCredentialId, String applicationCredentialSecret) {

    public static final String PASSWORD = "password";
    public static final String APPLICATION_CREDENTIAL = "applicationCredential";

    public CloudAccountCommand(String name, String gateway, String username, String password, String identityEndpoint,
                               String caCertificate, Boolean insecure, String parentRegion, String defaultDomain,
                               String defaultProject, String scope, String project, Boolean shared) {
        this(name, gateway, username, password, identityEndpoint, caCertificate, insecure, parentRegion, defaultDomain,
                defaultProject, scope, project, shared, null, null, null);
    }

    /** Whether this asks for an application credential (a blank authType means password). */
    public boolean applicationCredential() {
        return APPLICATION_CREDENTIAL.equals(authType);
    }

    public CloudAccountCommand(String name, String gateway, String username, String password, String identityEndpoint,
                               String caCertificate, Boolean insecure, String parentRegion, String defaultDomain,
                               String defaultProject, String scope, String project) {
        this(name, gateway, username, password, identityEndpoint, caCertificate, insecure, parentRegion, defaultDomain,
                defaultProject, scope, project, null);
    }

    @Override
    public String toString() {
        return "CloudAccountCommand[" + name + ", " + (applicationCredential() ? "application credential "
                + applicationCredentialId : username) + "@" + identityEndpoint + ", secrets=********]";
    }
}
