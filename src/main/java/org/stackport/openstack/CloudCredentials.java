package org.stackport.openstack;

/**
 * How to reach one OpenStack project.
 *
 * @param identityEndpoint Keystone v3 URL, ending in {@code /v3}
 * @param domain           domain of the user and of the project (by name)
 * @param caCertificate    PEM of the CA that signed the cloud's certificate, or null for the JVM's trust store
 * @param insecure         skip TLS verification (for test clouds only)
 */
public record CloudCredentials(String identityEndpoint, String username, String password, String domain,
                               String project, String region, boolean insecure, String caCertificate) {

    /** Identifies the session cache entry; includes a digest of the password so a rotation starts afresh. */
    String cacheKey() {
        return String.join("|", identityEndpoint, username, domain, project, region, Integer.toHexString(password.hashCode()),
                Boolean.toString(insecure), caCertificate == null ? "" : Integer.toHexString(caCertificate.hashCode()));
    }

    @Override
    public String toString() {
        return "CloudCredentials[" + username + "@" + identityEndpoint + " project=" + project + " domain=" + domain
                + " region=" + region + " password=********]";
    }
}
