package org.stackport.account;

/**
 * What cloud accounts need to know of gateways (implemented by the gateway module, so that accounts do not
 * depend on it): whether a gateway an account refers to exists in the tenant, and its status.
 */
public interface GatewayDirectory {

    boolean exists(long tenantId, String gateway);

    /** The gateway's status (e.g. Running, Upgrading), empty if there is no such gateway. */
    java.util.Optional<String> status(long tenantId, String gateway);

    /** The gateway whose own account this is (created with it), if any. */
    java.util.Optional<String> owning(long tenantId, String account);
}
