package org.stackport.tenancy;

/** A project the caller may act in, as resolved by {@link ProjectAccess}. */
public record ProjectRef(long id, long tenantId, String name) {
}
