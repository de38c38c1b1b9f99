package org.stackport.support;

import org.springframework.stereotype.Component;
import org.stackport.shared.ValidationException;
import org.stackport.tenancy.ProjectRole;
import org.stackport.tenancy.ProjectService;
import org.stackport.tenancy.UserService;

/** Idempotent test data, made through the real services as the bootstrap admin. */
@Component
public class Fixtures {

    public static final String PASSWORD = "Fixture-Password-7";

    private final ProjectService projects;
    private final UserService users;

    Fixtures(ProjectService projects, UserService users) {
        this.projects = projects;
        this.users = users;
    }

    public void user(String username, boolean tenantAdmin) {
        RunAs.admin(() -> {
            try {
                users.create(username, PASSWORD, tenantAdmin);
            } catch (ValidationException alreadyThere) {
                if (alreadyThere.messageFor("username") == null) {
                    throw alreadyThere;
                }
            }
        });
    }

    public void project(String name) {
        RunAs.admin(() -> {
            try {
                projects.create(name, null);
            } catch (ValidationException alreadyThere) {
                if (alreadyThere.messageFor("name") == null) {
                    throw alreadyThere;
                }
            }
        });
    }

    public void member(String project, String username, ProjectRole role) {
        project(project);
        RunAs.admin(() -> projects.setMember(project, username, role));
    }
}
