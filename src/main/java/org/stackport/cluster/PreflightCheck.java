package org.stackport.cluster;

/**
 * One thing checked against the cloud account's quota and inventory before anything is created.
 * {@code field} is the request field a failure belongs to (e.g. {@code masterPool.instanceType}, {@code quota.cores}).
 */
public record PreflightCheck(String field, String check, boolean ok, String detail) {
}
