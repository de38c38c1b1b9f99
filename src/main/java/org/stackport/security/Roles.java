package org.stackport.security;

/** Role names as views ({@code @RolesAllowed}) and Spring authorities ({@code ROLE_...}) use them. */
public final class Roles {
    public static final String TENANT_ADMIN = "TENANT_ADMIN";
    public static final String USER = "USER";

    private Roles() {
    }
}
