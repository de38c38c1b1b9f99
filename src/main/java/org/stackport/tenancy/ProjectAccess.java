package org.stackport.tenancy;

import java.util.Optional;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.stereotype.Component;
import org.stackport.security.CurrentUser;
import org.stackport.security.StackportPrincipal;
import org.stackport.shared.NotFoundException;
import org.stackport.tenancy.internal.Project;
import org.stackport.tenancy.internal.ProjectRepository;

/**
 * The one place that decides whether the caller may act in a project. Someone with no role in a
 * project is told it does not exist (404), so project names do not leak; someone with a weaker role
 * than needed is refused (403).
 */
@Component
public class ProjectAccess {

    private final CurrentUser currentUser;
    private final ProjectRepository projects;

    ProjectAccess(CurrentUser currentUser, ProjectRepository projects) {
        this.currentUser = currentUser;
        this.projects = projects;
    }

    public StackportPrincipal caller() {
        return currentUser.require();
    }

    public StackportPrincipal requireTenantAdmin() {
        StackportPrincipal me = currentUser.require();
        if (!me.tenantAdmin()) {
            throw new AccessDeniedException("Only tenant admins may do this.");
        }
        return me;
    }

    /** The project, if the caller holds at least {@code needed} in it (tenant admins always do). */
    public ProjectRef require(String projectName, ProjectRole needed) {
        StackportPrincipal me = currentUser.require();
        Project project = projects.findByTenantIdAndName(me.tenantId(), projectName)
                .orElseThrow(() -> notFound(projectName));
        if (!me.tenantAdmin()) {
            ProjectRole role = roleOf(project, me).orElseThrow(() -> notFound(projectName));
            if (!role.includes(needed)) {
                throw new AccessDeniedException("Your role in project '" + projectName + "' does not allow this.");
            }
        }
        return new ProjectRef(project.id(), project.tenantId(), project.name());
    }

    /** Ids of the projects the caller is a member of (tenant admins: every project of the tenant). */
    public java.util.Map<Long, String> visibleProjects() {
        StackportPrincipal me = currentUser.require();
        java.util.List<Project> list = me.tenantAdmin()
                ? projects.page(me.tenantId(), 0, Integer.MAX_VALUE)
                : projects.pageForMember(me.userId(), 0, Integer.MAX_VALUE);
        java.util.Map<Long, String> byId = new java.util.LinkedHashMap<>();
        list.forEach(p -> byId.put(p.id(), p.name()));
        return byId;
    }

    /** The caller's own role in the project; empty for tenant admins without a membership. */
    public Optional<ProjectRole> roleIn(String projectName) {
        StackportPrincipal me = currentUser.require();
        return projects.findByTenantIdAndName(me.tenantId(), projectName).flatMap(p -> roleOf(p, me));
    }

    private static Optional<ProjectRole> roleOf(Project project, StackportPrincipal me) {
        return project.memberOf(me.userId()).map(m -> ProjectRole.valueOf(m.role()));
    }

    static NotFoundException notFound(String projectName) {
        return new NotFoundException("Project '" + projectName + "' not found.");
    }
}
