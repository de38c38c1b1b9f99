package org.stackport.openstack;

/**
 * How to reach one OpenStack project.
 *
 * @param identityEndpoint Keystone v3 URL, ending in {@code /v3}
 * @param domain           domain of the user and of the project (by name)
 * @param caCertificate    PEM of the CA that signed the cloud's certificate, or null for the JVM's trust store
 * @param insecure         skip TLS verification (for test clouds only)
 * @param applicationCredentialId     when set, Keystone is asked with this application credential and its secret
 *                                    instead of the user's password (it carries its own project: {@code project}
 *                                    and {@code domain} are then only what the account says they are)
 * @param route            the gateway the account reaches its cloud through ({@link CloudRoutes}), null for direct
 */
public record CloudCredentials(String identityEndpoint, String username, String password, String domain,
                               String project, String region, boolean insecure, String caCertificate,
                               String applicationCredentialId, String applicationCredentialSecret, String route) {

    public CloudCredentials(String identityEndpoint, String username, String password, String domain, String project,
                            String region, boolean insecure, String caCertificate, String applicationCredentialId,
                            String applicationCredentialSecret) {
        this(identityEndpoint, username, password, domain, project, region, insecure, caCertificate,
                applicationCredentialId, applicationCredentialSecret, null);
    }

    /** The same account reached through this route. */
    public CloudCredentials via(String newRoute) {
        return new CloudCredentials(identityEndpoint, username, password, domain, project, region, insecure,
                caCertificate, applicationCredentialId, applicationCredentialSecret, newRoute);
    }

    /** Password credentials. */
    public CloudCredentials(String identityEndpoint, String username, String password, String domain, String project,
                            String region, boolean insecure, String caCertificate) {
        this(identityEndpoint, username, password, domain, project, region, insecure, caCertificate, null, null);
    }

    public boolean usesApplicationCredential() {
        return applicationCredentialId != null && !applicationCredentialId.isBlank();
    }

    /** The same account seen in another domain, project or region. */
    public CloudCredentials scopedTo(String domain, String project, String region) {
        return new CloudCredentials(identityEndpoint, username, password, domain, project, region, insecure,
                caCertificate, applicationCredentialId, applicationCredentialSecret, route);
    }

    /** Identifies the session cache entry; includes a digest of the secret so a rotation starts afresh. */
    String cacheKey() {
        String secret = usesApplicationCredential() ? applicationCredentialId + ":" + applicationCredentialSecret
                : password;
        return String.join("|", identityEndpoint, String.valueOf(username), domain, project, region,
                Integer.toHexString(String.valueOf(secret).hashCode()), Boolean.toString(insecure),
                caCertificate == null ? "" : Integer.toHexString(caCertificate.hashCode()), String.valueOf(route));
    }

    @Override
    public String toString() {
        return "CloudCredentials[" + (usesApplicationCredential() ? "application credential " + applicationCredentialId
                + " secret=********" : username + " password=********") + " @" + identityEndpoint + " project="
                + project + " domain=" + domain + " region=" + region + (route == null ? "" : " via=" + route) + "]";
    }
}
