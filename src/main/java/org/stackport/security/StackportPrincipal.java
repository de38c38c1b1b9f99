package org.stackport.security;

/** The authenticated user as services see it; read fresh from the database on every call. */
public record StackportPrincipal(long userId, long tenantId, String username, boolean tenantAdmin) {
}
