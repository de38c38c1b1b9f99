package org.stackport.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.stackport.shared.Errors;
import org.stackport.tenancy.ApiKeyInfo;
import org.stackport.tenancy.ApiKeyService;
import org.stackport.tenancy.AuditEntry;
import org.stackport.tenancy.AuditLog;
import org.stackport.tenancy.NewApiKey;
import org.stackport.tenancy.ProjectMember;
import org.stackport.tenancy.ProjectRole;
import org.stackport.tenancy.ProjectService;
import org.stackport.tenancy.ProjectSummary;
import org.stackport.tenancy.UserService;
import org.stackport.tenancy.UserSummary;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Tenancy", description = "Projects, users, project roles, API keys and the audit trail")
class TenancyController {

    private final ProjectService projects;
    private final UserService users;
    private final ApiKeyService keys;
    private final AuditLog audit;

    TenancyController(ProjectService projects, UserService users, ApiKeyService keys, AuditLog audit) {
        this.projects = projects;
        this.users = users;
        this.keys = keys;
        this.audit = audit;
    }

    record ProjectRequest(String name, String description) {
    }

    record UserRequest(String username, String password, Boolean tenantAdmin) {
        @Override
        public String toString() {
            return "UserRequest[username=" + username + ", password=********, tenantAdmin=" + tenantAdmin + "]";
        }
    }

    record PasswordRequest(String currentPassword, String password) {
        @Override
        public String toString() {
            return "PasswordRequest[currentPassword=********, password=********]";
        }
    }

    record MemberRequest(String role) {
    }

    record ApiKeyRequest(String name, Instant expiresAt) {
    }

    @GetMapping("/projects")
    @Operation(summary = "Projects the caller can see (all of them for tenant admins)")
    List<ProjectSummary> listProjects(@RequestParam(defaultValue = "0") int offset,
                                      @RequestParam(defaultValue = "1000") int limit) {
        return projects.list(Math.max(0, offset), Math.clamp(limit, 1, 1000));
    }

    @PostMapping("/projects")
    @Operation(summary = "Create a project (tenant admins)")
    ResponseEntity<ProjectSummary> createProject(@RequestBody ProjectRequest body) {
        ProjectSummary created = projects.create(body.name(), body.description());
        return ResponseEntity.created(URI.create("/api/v1/projects/" + created.name())).body(created);
    }

    @GetMapping("/projects/{project}")
    ProjectSummary getProject(@PathVariable String project) {
        return projects.get(project);
    }

    @DeleteMapping("/projects/{project}")
    @Operation(summary = "Delete a project and its memberships (tenant admins)")
    ResponseEntity<Void> deleteProject(@PathVariable String project) {
        projects.delete(project);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/projects/{project}/members")
    List<ProjectMember> members(@PathVariable String project) {
        return projects.members(project);
    }

    @PutMapping("/projects/{project}/members/{username}")
    @Operation(summary = "Give a user a role in a project (tenant admins)")
    ProjectMember setMember(@PathVariable String project, @PathVariable String username, @RequestBody MemberRequest body) {
        return projects.setMember(project, username, parseRole(body.role()));
    }

    @DeleteMapping("/projects/{project}/members/{username}")
    ResponseEntity<Void> removeMember(@PathVariable String project, @PathVariable String username) {
        projects.removeMember(project, username);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/users")
    List<UserSummary> listUsers(@RequestParam(defaultValue = "0") int offset,
                                @RequestParam(defaultValue = "1000") int limit) {
        return users.list(Math.max(0, offset), Math.clamp(limit, 1, 1000));
    }

    @PostMapping("/users")
    @Operation(summary = "Create a user (tenant admins); the password is never returned")
    ResponseEntity<UserSummary> createUser(@RequestBody UserRequest body) {
        UserSummary created = users.create(body.username(), body.password(), Boolean.TRUE.equals(body.tenantAdmin()));
        return ResponseEntity.created(URI.create("/api/v1/users/" + created.username())).body(created);
    }

    @DeleteMapping("/users/{username}")
    ResponseEntity<Void> deleteUser(@PathVariable String username) {
        users.delete(username);
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/users/{username}/password")
    @Operation(summary = "Set a new password: the user for themselves with currentPassword, or a tenant admin "
            + "for another user without it (a reset); the user's console sessions end")
    ResponseEntity<Void> setPassword(@PathVariable String username, @RequestBody PasswordRequest body) {
        users.setPassword(username, body.currentPassword(), body.password());
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/users/{username}/api-keys")
    @Operation(summary = "Create an API key; the key is in this answer only")
    ResponseEntity<NewApiKey> createApiKey(@PathVariable String username, @RequestBody ApiKeyRequest body) {
        NewApiKey key = keys.create(username, body.name(), body.expiresAt());
        return ResponseEntity.created(URI.create("/api/v1/users/" + username + "/api-keys/" + key.id())).body(key);
    }

    @GetMapping("/users/{username}/api-keys")
    List<ApiKeyInfo> listApiKeys(@PathVariable String username) {
        return keys.list(username);
    }

    @DeleteMapping("/users/{username}/api-keys/{id}")
    ResponseEntity<Void> revokeApiKey(@PathVariable String username, @PathVariable long id) {
        keys.revoke(username, id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/audit")
    @Operation(summary = "The audit trail, newest first (tenant admins)")
    List<AuditEntry> audit(@RequestParam(defaultValue = "100") int limit, @RequestParam(defaultValue = "0") int offset) {
        return audit.list(offset, limit);
    }

    private static ProjectRole parseRole(String role) {
        try {
            return role == null ? null : ProjectRole.valueOf(role);
        } catch (IllegalArgumentException e) {
            new Errors().add("role", "must be PROJECT_ADMIN or PROJECT_VIEWER").throwIfAny();
            return null;
        }
    }
}
