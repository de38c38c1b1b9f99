package org.stackport.tenancy;

/** A user's role in one project. Tenant admins have every right in every project without a role. */
public enum ProjectRole {
    PROJECT_VIEWER, PROJECT_ADMIN;

    public boolean includes(ProjectRole needed) {
        return this == PROJECT_ADMIN || needed == PROJECT_VIEWER;
    }
}
