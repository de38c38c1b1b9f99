package org.stackport.account;

/**
 * What a user sends to create or change a cloud account. On change, a null password keeps the stored one.
 *
 * @param scope   "tenant" (shared with every project; tenant admins) or "project" (one project; its admins)
 */
public record CloudAccountCommand(String name, String gateway, String username, String password, String identityEndpoint,
                                  String caCertificate, Boolean insecure, String parentRegion, String defaultDomain,
                                  String defaultProject, String scope, String project) {

    @Override
    public String toString() {
        return "CloudAccountCommand[" + name + ", " + username + "@" + identityEndpoint + ", password=********]";
    }
}
