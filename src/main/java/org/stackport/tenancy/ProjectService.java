package org.stackport.tenancy;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.stackport.security.StackportPrincipal;
import org.stackport.shared.Errors;
import org.stackport.shared.NotFoundException;
import org.stackport.tenancy.internal.AppUser;
import org.stackport.tenancy.internal.AppUserRepository;
import org.stackport.tenancy.internal.Project;
import org.stackport.tenancy.internal.ProjectRepository;
import org.stackport.ui.ProjectChoices;

/** Projects and their members. Tenant admins manage them; members read the projects they belong to. */
@Service
@PreAuthorize("isAuthenticated()")
public class ProjectService implements ProjectChoices {

    private final ProjectRepository projects;
    private final AppUserRepository users;
    private final ProjectAccess access;
    private final AuditLog audit;
    private final Clock clock;

    ProjectService(ProjectRepository projects, AppUserRepository users, ProjectAccess access, AuditLog audit, Clock clock) {
        this.projects = projects;
        this.users = users;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
    }

    /** The projects the caller can see: all for tenant admins, else those they are a member of. */
    @Transactional(readOnly = true)
    public List<ProjectSummary> list(int offset, int limit) {
        StackportPrincipal me = access.caller();
        List<Project> page = me.tenantAdmin()
                ? projects.page(me.tenantId(), offset, limit)
                : projects.pageForMember(me.userId(), offset, limit);
        return page.stream().map(ProjectService::summary).toList();
    }

    @Transactional(readOnly = true)
    public long count() {
        StackportPrincipal me = access.caller();
        return me.tenantAdmin() ? projects.countInTenant(me.tenantId()) : projects.countForMember(me.userId());
    }

    @Override
    @Transactional(readOnly = true)
    public List<String> projectNames() {
        return list(0, 1000).stream().map(ProjectSummary::name).toList();
    }

    @Transactional(readOnly = true)
    public ProjectSummary get(String name) {
        ProjectRef ref = access.require(name, ProjectRole.PROJECT_VIEWER);
        return summary(projects.findById(ref.id()).orElseThrow());
    }

    public ProjectSummary create(String name, String description) {
        return audit.run("project.create", "project/" + name, () -> {
            StackportPrincipal me = access.requireTenantAdmin();
            Errors errors = new Errors();
            if (errors.name("name", name) && projects.existsByTenantIdAndName(me.tenantId(), name)) {
                errors.taken("name", "a project named '" + name + "' already exists");
            }
            errors.maxLength("description", description, 1000);
            errors.throwIfAny();
            return summary(projects.save(Project.create(me.tenantId(), name, blankToNull(description), clock.instant())));
        });
    }

    /** Deletes a project and its memberships (tenant admins). */
    public void delete(String name) {
        audit.run("project.delete", "project/" + name, () -> {
            ProjectRef ref = access.require(name, ProjectRole.PROJECT_VIEWER);
            access.requireTenantAdmin();
            projects.deleteById(ref.id());
        });
    }

    @Transactional(readOnly = true)
    public List<ProjectMember> members(String projectName) {
        ProjectRef ref = access.require(projectName, ProjectRole.PROJECT_VIEWER);
        Project project = projects.findById(ref.id()).orElseThrow();
        Map<Long, String> names = users.findAllById(project.members().stream().map(m -> m.userId()).toList()).stream()
                .collect(Collectors.toMap(AppUser::id, AppUser::username));
        return project.members().stream()
                .map(m -> new ProjectMember(names.get(m.userId()), ProjectRole.valueOf(m.role()), m.createdAt()))
                .sorted(Comparator.comparing(ProjectMember::username))
                .toList();
    }

    /** Gives a user a role in a project, or changes it. */
    public ProjectMember setMember(String projectName, String username, ProjectRole role) {
        return audit.run("project.member.set", "project/" + projectName + "/members/" + username, () -> {
            ProjectRef ref = access.require(projectName, ProjectRole.PROJECT_VIEWER);
            access.requireTenantAdmin();
            if (role == null) {
                new Errors().add("role", "is required: PROJECT_ADMIN or PROJECT_VIEWER").throwIfAny();
            }
            AppUser user = users.findByUsername(username)
                    .filter(u -> u.tenantId() == ref.tenantId())
                    .orElseThrow(() -> new NotFoundException("User '" + username + "' not found."));
            Project saved = projects.save(projects.findById(ref.id()).orElseThrow()
                    .withMember(user.id(), role.name(), clock.instant()));
            return new ProjectMember(username, role, saved.memberOf(user.id()).orElseThrow().createdAt());
        });
    }

    public void removeMember(String projectName, String username) {
        audit.run("project.member.remove", "project/" + projectName + "/members/" + username, () -> {
            ProjectRef ref = access.require(projectName, ProjectRole.PROJECT_VIEWER);
            access.requireTenantAdmin();
            Project project = projects.findById(ref.id()).orElseThrow();
            AppUser user = users.findByUsername(username)
                    .filter(u -> project.memberOf(u.id()).isPresent())
                    .orElseThrow(() -> new NotFoundException(
                            "User '" + username + "' is not a member of project '" + projectName + "'."));
            projects.save(project.withoutMember(user.id()));
        });
    }

    private static ProjectSummary summary(Project p) {
        return new ProjectSummary(p.name(), p.description(), p.createdAt());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

}
