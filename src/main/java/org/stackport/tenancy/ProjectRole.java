package org.stackport.tenancy;

/** A user's role in one project. Tenant admins have every right in every project without a role. */
public enum ProjectRole {
    PROJECT_VIEWER("Project viewer"), PROJECT_ADMIN("Project admin");

    private final String label;

    ProjectRole(String label) {
        this.label = label;
    }

    /** How people read the role in the console. */
    public String label() {
        return label;
    }

    public boolean includes(ProjectRole needed) {
        return this == PROJECT_ADMIN || needed == PROJECT_VIEWER;
    }
}
