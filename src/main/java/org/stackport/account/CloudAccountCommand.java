package org.stackport.account;

/**
 * What a user sends to create or change a cloud account. On change, a null password keeps the stored one.
 *
 * @param scope   "tenant" (managed by tenant admins) or "project" (one project; its admins)
 * @param shared  for tenant scope: every project may use it (default) or only tenant admins
 */
public record CloudAccountCommand(String name, String gateway, String username, String password, String identityEndpoint,
                                  String caCertificate, Boolean insecure, String parentRegion, String defaultDomain,
                                  String defaultProject, String scope, String project, Boolean shared) {

    public CloudAccountCommand(String name, String gateway, String username, String password, String identityEndpoint,
                               String caCertificate, Boolean insecure, String parentRegion, String defaultDomain,
                               String defaultProject, String scope, String project) {
        this(name, gateway, username, password, identityEndpoint, caCertificate, insecure, parentRegion, defaultDomain,
                defaultProject, scope, project, null);
    }

    @Override
    public String toString() {
        return "CloudAccountCommand[" + name + ", " + username + "@" + identityEndpoint + ", password=********]";
    }
}
