package org.stackport.account;

/**
 * What cloud accounts need to know of gateways (implemented by the gateway module, so that accounts do not
 * depend on it): whether a gateway an account refers to exists in the tenant.
 */
public interface GatewayDirectory {

    boolean exists(long tenantId, String gateway);
}
