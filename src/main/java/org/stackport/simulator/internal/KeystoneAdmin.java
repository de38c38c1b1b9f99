package org.stackport.simulator.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keystone's identity admin API: projects, users, roles, role assignments on projects, and domain reads. It is what
 * OpenStack's Tempest drives for dynamic credentials (make a project and a user with a password, grant roles, delete
 * both). Everything is admin-only as in Keystone's default policy, except reading one's own user, project and domain;
 * a refusal names the policy rule, as Keystone does. Handlers run under the world's lock (see SimHttpServer), so a
 * uniqueness check and the write that follows are one step.
 */
final class KeystoneAdmin {

    private static final String PREFIX = Keystone.PREFIX;
    /** User attributes Keystone models itself; anything else a client sends is kept and shown as given. */
    private static final Set<String> USER_FIELDS = Set.of("id", "name", "password", "domain_id", "enabled",
            "default_project_id", "options", "links", "federated", "password_expires_at");

    private final World world;
    private final Supplier<String> baseUrl;
    /** Drops the application credentials that match (they go with their user, project or role, as in Keystone). */
    private final Consumer<Predicate<Keystone.AppCredential>> forgetCredentials;

    KeystoneAdmin(World world, Supplier<String> baseUrl, Consumer<Predicate<Keystone.AppCredential>> forgetCredentials) {
        this.world = world;
        this.baseUrl = baseUrl;
        this.forgetCredentials = forgetCredentials;
    }

    void register(Router router) {
        router.add("POST", PREFIX + "/projects", this::createProject);
        router.add("GET", PREFIX + "/projects", this::listProjects);
        router.add("GET", PREFIX + "/projects/{id}", r -> {
            if (!r.token().admin() && !r.param("id").equals(r.projectId())) {
                throw forbidden("get_project");
            }
            return one("project", project(projectById(r.param("id")), baseUrl.get()));
        });
        router.add("PATCH", PREFIX + "/projects/{id}", this::updateProject);
        router.add("DELETE", PREFIX + "/projects/{id}", this::deleteProject);

        router.add("POST", PREFIX + "/users", this::createUser);
        router.add("GET", PREFIX + "/users", this::listUsers);
        router.add("GET", PREFIX + "/users/{id}", r -> {
            if (!r.token().admin() && !r.param("id").equals(r.token().userId())) {
                throw forbidden("get_user");
            }
            return one("user", user(userById(r.param("id"))));
        });
        router.add("PATCH", PREFIX + "/users/{id}", this::updateUser);
        router.add("DELETE", PREFIX + "/users/{id}", r -> {
            admin(r, "delete_user");
            World.User u = userById(r.param("id"));
            forgetCredentials.accept(c -> c.userId().equals(u.id()));
            world.removeUser(u.id());
            return SimResponse.noContent();
        });

        router.add("GET", PREFIX + "/roles", r -> {
            admin(r, "list_roles");
            String name = r.query("name");
            return list(r, "roles", world.roles().stream().filter(x -> name == null || x.name().equals(name))
                    .map(this::role).toList());
        });
        router.add("GET", PREFIX + "/roles/{id}", r -> {
            admin(r, "get_role");
            return one("role", role(roleById(r.param("id"))));
        });

        String grant = PREFIX + "/projects/{project}/users/{user}/roles/{role}";
        router.add("PUT", grant, r -> {
            admin(r, "create_grant");
            Grant g = grant(r);
            world.assign(g.user().id(), g.project().id(), g.role().id());
            return SimResponse.noContent();
        });
        router.add("HEAD", grant, r -> checkGrant(r, false));
        router.add("GET", grant, r -> checkGrant(r, true));
        router.add("DELETE", grant, r -> {
            admin(r, "revoke_grant");
            Grant g = grant(r);
            if (!world.unassign(g.user().id(), g.project().id(), g.role().id())) {
                throw assignmentNotFound(g);
            }
            // Keystone deletes the user's application credentials on that project with the assignment
            forgetCredentials.accept(c -> c.userId().equals(g.user().id()) && c.projectId().equals(g.project().id()));
            return SimResponse.noContent();
        });
        router.add("GET", PREFIX + "/projects/{project}/users/{user}/roles", r -> {
            admin(r, "list_grants");
            World.Project p = projectById(r.param("project"));
            World.User u = userById(r.param("user"));
            return list(r, "roles", world.rolesOf(u.id(), p.id()).stream().map(this::role).toList());
        });
        router.add("GET", PREFIX + "/role_assignments", this::listAssignments);

        router.add("GET", PREFIX + "/domains", r -> SimResponse.ok(domains(r.query("name"))));
        router.add("GET", PREFIX + "/domains/{id}", r -> {
            // a project-scoped token may read its project's domain; only the default domain exists
            if (!r.token().admin() && !r.param("id").equals(r.token().domainId())) {
                throw forbidden("get_domain");
            }
            if (!World.DOMAIN_ID.equals(r.param("id"))) {
                throw ServiceError.keystone(404, "Not Found", "Could not find domain: " + r.param("id") + ".");
            }
            return one("domain", domain());
        });
    }

    // ---- projects

    private SimResponse createProject(SimRequest r) {
        admin(r, "create_project");
        JsonNode given = entity(r, "project");
        String name = name(given, PROJECT_NAME_MAX);
        String domainId = domainOf(given);
        String parentId = Json.text(given, "parent_id");
        if (parentId == null || parentId.equals(domainId)) {
            parentId = domainId;
        } else {
            projectById(parentId);
        }
        World.Project p = new World.Project(World.uuid(), name, domainId, Objects.requireNonNullElse(
                Json.text(given, "description"), ""), enabled(given, true), parentId);
        if (nameTaken(p.name(), p.domainId(), null)) {
            throw projectConflict(p);
        }
        world.putProject(p);
        return SimResponse.created(one("project", project(p, baseUrl.get())).body());
    }

    private SimResponse listProjects(SimRequest r) {
        admin(r, "list_projects");
        return list(r, "projects", world.projects().stream()
                .filter(p -> matches(r.query("name"), p.name()) && matches(r.query("domain_id"), p.domainId())
                        && matches(r.query("parent_id"), p.parentId())
                        && matches(r.query("enabled"), p.enabled()))
                .map(p -> project(p, baseUrl.get())).toList());
    }

    private SimResponse updateProject(SimRequest r) {
        admin(r, "update_project");
        World.Project p = projectById(r.param("id"));
        JsonNode given = entity(r, "project");
        unchangeable(given, "domain_id", p.domainId());
        unchangeable(given, "parent_id", p.parentId());
        String name = given.has("name") ? name(given, PROJECT_NAME_MAX) : p.name();
        World.Project next = new World.Project(p.id(), name, p.domainId(),
                given.has("description") ? Objects.requireNonNullElse(Json.text(given, "description"), "") : p.description(),
                enabled(given, p.enabled()), p.parentId());
        if (nameTaken(next.name(), next.domainId(), p.id())) {
            throw projectConflict(next);
        }
        world.putProject(next);
        if (p.enabled() && !next.enabled()) {
            // a disabled project's tokens stop working, as in Keystone
            world.revokeTokensWhere(t -> p.id().equals(t.projectId()));
        }
        return one("project", project(next, baseUrl.get()));
    }

    private SimResponse deleteProject(SimRequest r) {
        admin(r, "delete_project");
        World.Project p = projectById(r.param("id"));
        if (world.projects().stream().anyMatch(x -> p.id().equals(x.parentId()))) {
            throw ServiceError.keystone(403, "Forbidden", "Cannot delete the project " + p.id() + " since it is not a "
                    + "leaf in the hierarchy. Use the cascade option if you want to delete a whole subtree.");
        }
        forgetCredentials.accept(c -> c.projectId().equals(p.id()));
        world.removeProject(p.id());
        return SimResponse.noContent();
    }

    private boolean nameTaken(String name, String domainId, String except) {
        return world.projects().stream().anyMatch(x -> x.name().equals(name) && x.domainId().equals(domainId)
                && !x.id().equals(except));
    }

    private static ServiceError projectConflict(World.Project p) {
        return ServiceError.keystone(409, "Conflict", "Conflict occurred attempting to store project - it is not "
                + "permitted to have two projects with either the same name or same id in the same domain: name is "
                + p.name() + ", project id " + p.id() + ".");
    }

    static ObjectNode project(World.Project p, String base) {
        ObjectNode o = Json.object();
        o.put("id", p.id()).put("name", p.name()).put("domain_id", p.domainId()).put("enabled", p.enabled())
                .put("description", p.description()).put("is_domain", false).put("parent_id", p.parentId());
        o.putArray("tags");
        o.putObject("options");
        o.putObject("links").put("self", base + PREFIX + "/projects/" + p.id());
        return o;
    }

    private World.Project projectById(String id) {
        return world.projects().stream().filter(p -> p.id().equals(id)).findFirst()
                .orElseThrow(() -> ServiceError.keystone(404, "Not Found", "Could not find project: " + id + "."));
    }

    // ---- users

    private SimResponse createUser(SimRequest r) {
        admin(r, "create_user");
        JsonNode given = entity(r, "user");
        World.User u = new World.User(World.uuid(), name(given, USER_NAME_MAX), Json.text(given, "password"), domainOf(given),
                Json.text(given, "default_project_id"), enabled(given, true), extra(Json.object(), given));
        if (userNameTaken(u.name(), u.domainId(), null)) {
            throw userConflict(u);
        }
        world.putUser(u);
        return SimResponse.created(one("user", user(u)).body());
    }

    private SimResponse listUsers(SimRequest r) {
        admin(r, "list_users");
        return list(r, "users", world.users().stream()
                .filter(u -> matches(r.query("name"), u.name()) && matches(r.query("domain_id"), u.domainId())
                        && matches(r.query("enabled"), u.enabled()))
                .map(this::user).toList());
    }

    private SimResponse updateUser(SimRequest r) {
        admin(r, "update_user");
        World.User u = userById(r.param("id"));
        JsonNode given = entity(r, "user");
        unchangeable(given, "domain_id", u.domainId());
        World.User next = new World.User(u.id(), given.has("name") ? name(given, USER_NAME_MAX) : u.name(),
                given.has("password") ? Json.text(given, "password") : u.password(), u.domainId(),
                given.has("default_project_id") ? Json.text(given, "default_project_id") : u.defaultProjectId(),
                enabled(given, u.enabled()), extra(u.extra().deepCopy(), given));
        if (userNameTaken(next.name(), next.domainId(), u.id())) {
            throw userConflict(next);
        }
        world.putUser(next);
        if (given.has("password") || (u.enabled() && !next.enabled())) {
            // Keystone revokes a user's tokens when their password changes or they are disabled
            world.revokeTokensWhere(t -> u.id().equals(t.userId()));
        }
        return one("user", user(next));
    }

    private boolean userNameTaken(String name, String domainId, String except) {
        return world.users().stream().anyMatch(x -> x.name().equals(name) && x.domainId().equals(domainId)
                && !x.id().equals(except));
    }

    private static ServiceError userConflict(World.User u) {
        return ServiceError.keystone(409, "Conflict", "Conflict occurred attempting to store user - Duplicate entry "
                + "found with name " + u.name() + " at domain ID " + u.domainId() + ".");
    }

    /** The attributes Keystone does not model, merged into {@code into} (null removes one, as Keystone does). */
    private static ObjectNode extra(ObjectNode into, JsonNode given) {
        for (Iterator<Map.Entry<String, JsonNode>> it = given.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (USER_FIELDS.contains(e.getKey())) {
                continue;
            }
            if (e.getValue().isNull()) {
                into.remove(e.getKey());
            } else {
                into.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return into;
    }

    private ObjectNode user(World.User u) {
        ObjectNode o = Json.object();
        o.setAll(u.extra().deepCopy());
        o.put("id", u.id()).put("name", u.name()).put("domain_id", u.domainId()).put("enabled", u.enabled())
                .putNull("password_expires_at");
        if (u.defaultProjectId() != null) {
            o.put("default_project_id", u.defaultProjectId());
        }
        o.putObject("options");
        o.putObject("links").put("self", baseUrl.get() + PREFIX + "/users/" + u.id());
        return o;
    }

    private World.User userById(String id) {
        return world.users().stream().filter(u -> u.id().equals(id)).findFirst()
                .orElseThrow(() -> ServiceError.keystone(404, "Not Found", "Could not find user: " + id + "."));
    }

    // ---- roles and assignments

    private record Grant(World.Project project, World.User user, World.Role role) {
    }

    /** The parts of a grant's path, looked up in Keystone's order: role, then user, then project. */
    private Grant grant(SimRequest r) {
        World.Role role = roleById(r.param("role"));
        World.User user = userById(r.param("user"));
        return new Grant(projectById(r.param("project")), user, role);
    }

    private SimResponse checkGrant(SimRequest r, boolean withBody) {
        admin(r, "check_grant");
        Grant g;
        try {
            g = grant(r);
        } catch (ServiceError e) {
            if (withBody) {
                throw e;
            }
            return SimResponse.status(e.status(), null);
        }
        if (world.rolesOf(g.user().id(), g.project().id()).contains(g.role())) {
            return SimResponse.noContent();
        }
        if (withBody) {
            throw assignmentNotFound(g);
        }
        // a HEAD answer has no body
        return SimResponse.status(404, null);
    }

    private static ServiceError assignmentNotFound(Grant g) {
        return ServiceError.keystone(404, "Not Found", "Could not find role assignment with role: " + g.role().id()
                + ", user or group: " + g.user().id() + ", project, domain, or system: " + g.project().id() + ".");
    }

    private SimResponse listAssignments(SimRequest r) {
        admin(r, "list_role_assignments");
        boolean effective = flag(r, "effective");
        boolean names = flag(r, "include_names");
        String base = baseUrl.get();
        List<ObjectNode> out = new ArrayList<>();
        for (World.Assignment a : world.assignments()) {
            if (!matches(r.query("user.id"), a.userId()) || !matches(r.query("scope.project.id"), a.projectId())) {
                continue;
            }
            World.Role assigned = world.role(a.roleId()).orElseThrow();
            List<World.Role> shown = effective ? world.implied(assigned) : List.of(assigned);
            for (World.Role role : shown) {
                if (!matches(r.query("role.id"), role.id())) {
                    continue;
                }
                ObjectNode o = Json.object();
                ObjectNode roleNode = o.putObject("role").put("id", role.id());
                ObjectNode userNode = o.putObject("user").put("id", a.userId());
                ObjectNode projectNode = o.putObject("scope").putObject("project").put("id", a.projectId());
                if (names) {
                    roleNode.put("name", role.name());
                    world.users().stream().filter(u -> u.id().equals(a.userId())).findFirst().ifPresent(u -> {
                        userNode.put("name", u.name());
                        userNode.putObject("domain").put("id", u.domainId()).put("name", World.DOMAIN_NAME);
                    });
                    world.projects().stream().filter(p -> p.id().equals(a.projectId())).findFirst().ifPresent(p -> {
                        projectNode.put("name", p.name());
                        projectNode.putObject("domain").put("id", p.domainId()).put("name", World.DOMAIN_NAME);
                    });
                }
                ObjectNode links = o.putObject("links");
                links.put("assignment", base + PREFIX + "/projects/" + a.projectId() + "/users/" + a.userId()
                        + "/roles/" + assigned.id());
                if (!role.equals(assigned)) {
                    links.put("prior_role", base + PREFIX + "/roles/" + assigned.id());
                }
                out.add(o);
            }
        }
        return list(r, "role_assignments", out);
    }

    private ObjectNode role(World.Role role) {
        ObjectNode o = Json.object();
        o.put("id", role.id()).put("name", role.name()).putNull("domain_id").putNull("description");
        o.putObject("options");
        o.putObject("links").put("self", baseUrl.get() + PREFIX + "/roles/" + role.id());
        return o;
    }

    private World.Role roleById(String id) {
        return world.roles().stream().filter(x -> x.id().equals(id)).findFirst()
                .orElseThrow(() -> ServiceError.keystone(404, "Not Found", "Could not find role: " + id + "."));
    }

    // ---- domains

    /** The domains (only Default), or those with the given name. */
    static ObjectNode domains(String name) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("domains");
        if (name == null || name.equals(World.DOMAIN_NAME)) {
            list.add(domain());
        }
        return body;
    }

    private static ObjectNode domain() {
        ObjectNode d = Json.object();
        d.put("id", World.DOMAIN_ID).put("name", World.DOMAIN_NAME).put("enabled", true)
                .put("description", "The default domain");
        return d;
    }

    // ---- helpers

    /** Keystone's default policy: these actions need the admin role (a refusal names the rule). */
    private static void admin(SimRequest r, String action) {
        if (!r.token().admin()) {
            throw forbidden(action);
        }
    }

    private static ServiceError forbidden(String action) {
        return ServiceError.keystone(403, "Forbidden", "You are not authorized to perform the requested action: "
                + "identity:" + action + ".");
    }

    /** The entity of a create or update body; a missing one fails validation like an empty one does in Keystone. */
    private static JsonNode entity(SimRequest r, String key) {
        JsonNode given = r.body() == null ? null : r.body().get(key);
        if (given == null || given.isNull()) {
            return Json.object();
        }
        if (!given.isObject()) {
            throw ServiceError.keystone(400, "Bad Request", "Invalid input for field '" + key + "': "
                    + given + " is not of type 'object'");
        }
        return given;
    }

    /** Keystone's schemas: a project name has at most 64 characters, a user name 255. */
    static final int PROJECT_NAME_MAX = 64;
    static final int USER_NAME_MAX = 255;

    private static String name(JsonNode given, int max) {
        JsonNode name = given.get("name");
        if (name == null) {
            throw ServiceError.keystone(400, "Bad Request", "'name' is a required property");
        }
        if (!name.isString()) {
            throw ServiceError.keystone(400, "Bad Request", "Invalid input for field 'name': " + name
                    + " is not of type 'string'");
        }
        String text = name.asString();
        if (text.isBlank() || text.length() > max) {
            throw ServiceError.keystone(400, "Bad Request", "Invalid input for field 'name': '" + text + "' is "
                    + (text.length() > max ? "too long" : "too short"));
        }
        return text;
    }

    private static String domainOf(JsonNode given) {
        String domainId = Optional.ofNullable(Json.text(given, "domain_id")).orElse(World.DOMAIN_ID);
        if (!World.DOMAIN_ID.equals(domainId)) {
            throw ServiceError.keystone(404, "Not Found", "Could not find domain: " + domainId + ".");
        }
        return domainId;
    }

    private static boolean enabled(JsonNode given, boolean otherwise) {
        JsonNode v = given.get("enabled");
        if (v == null) {
            return otherwise;
        }
        if (!v.isBoolean()) {
            throw ServiceError.keystone(400, "Bad Request", "Invalid input for field 'enabled': " + v
                    + " is not of type 'boolean'");
        }
        return v.asBoolean();
    }

    private static void unchangeable(JsonNode given, String field, String current) {
        if (given.has(field) && !Objects.equals(Json.text(given, field), current)) {
            throw ServiceError.keystone(400, "Bad Request", "Update of `" + field + "` is not allowed.");
        }
    }

    private static boolean matches(String filter, String value) {
        return filter == null || filter.equals(value);
    }

    /** Keystone reads a boolean filter as false only for "false" and "0". */
    private static boolean matches(String filter, boolean value) {
        return filter == null || value == !("false".equalsIgnoreCase(filter) || "0".equals(filter));
    }

    /** A query flag such as {@code ?effective}: present without a value, or with any value but false or 0. */
    private static boolean flag(SimRequest r, String name) {
        String v = r.query(name);
        return v != null && !"false".equalsIgnoreCase(v) && !"0".equals(v);
    }

    private static SimResponse one(String key, ObjectNode entity) {
        ObjectNode body = Json.object();
        body.set(key, entity);
        return SimResponse.ok(body);
    }

    private SimResponse list(SimRequest r, String key, List<ObjectNode> items) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray(key);
        items.forEach(list::add);
        body.putObject("links").put("self", baseUrl.get() + r.path()).putNull("previous").putNull("next");
        return SimResponse.ok(body);
    }
}
