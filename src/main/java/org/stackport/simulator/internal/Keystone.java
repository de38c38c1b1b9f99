package org.stackport.simulator.internal;

import java.net.URI;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keystone v3: password and application-credential authentication, project-scoped tokens with a catalog, a user's
 * own application credentials and a few reads; the admin API (projects, users, roles) is {@link KeystoneAdmin}.
 */
public final class Keystone {

    public static final String PREFIX = "/identity/v3";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** Catalog service type → path under the simulator's base URL ({project_id} is filled in). */
    public static final Map<String, String> SERVICES = Map.of(
            "identity", "/identity/v3",
            "compute", "/compute/v2.1",
            "network", "/network",
            "volumev3", "/volume/v3/{project_id}",
            "image", "/image",
            "load-balancer", "/load-balancer");

    private final World world;
    private final Supplier<String> baseUrl;
    private final Set<String> omitted = ConcurrentHashMap.newKeySet();
    /** Application credentials by id (the secret is kept as given; a real Keystone keeps a hash). */
    private final Map<String, AppCredential> appCredentials = new ConcurrentHashMap<>();

    /** An application credential: bound to its user and the project (and roles) of the token that made it. */
    record AppCredential(String id, String name, String description, String secret, String userId, String projectId,
                         java.util.List<World.Role> roles, Instant expiresAt) {

        boolean admin() {
            return roles.stream().anyMatch(r -> "admin".equals(r.name()));
        }
    }

    public Keystone(World world, Supplier<String> baseUrl) {
        this.world = world;
        this.baseUrl = baseUrl;
    }

    /** Leaves a service type out of new tokens' catalogs (the "catalog missing a service" scenario). */
    public void omitFromCatalog(String type) {
        omitted.add(type);
    }

    public void restoreCatalog() {
        omitted.clear();
    }

    public void register(Router router) {
        router.add("GET", PREFIX, false, r -> SimResponse.ok(version()));
        router.add("POST", PREFIX + "/auth/tokens", false, this::authenticate);
        router.add("GET", PREFIX + "/auth/tokens", this::validate);
        router.add("GET", PREFIX + "/auth/projects", r -> SimResponse.ok(projectsOf(r.token().userId())));
        router.add("GET", PREFIX + "/users/{id}/projects", r -> {
            if (!r.token().admin() && !r.token().userId().equals(r.param("id"))) {
                throw ServiceError.keystone(403, "Forbidden", "You are not authorized to perform the requested action: identity:list_user_projects.");
            }
            return SimResponse.ok(projectsOf(r.param("id")));
        });
        router.add("GET", PREFIX + "/regions", r -> {
            ObjectNode body = Json.object();
            body.putArray("regions").addObject().put("id", World.REGION).put("description", "").putNull("parent_region_id");
            return SimResponse.ok(body);
        });
        router.add("POST", PREFIX + "/users/{id}/application_credentials", this::createAppCredential);
        router.add("GET", PREFIX + "/users/{id}/application_credentials", r -> {
            ownUser(r, "list_application_credentials");
            ObjectNode body = Json.object();
            ArrayNode list = body.putArray("application_credentials");
            appCredentials.values().stream().filter(c -> c.userId().equals(r.param("id")))
                    .forEach(c -> list.add(appCredential(c, false)));
            return SimResponse.ok(body);
        });
        router.add("GET", PREFIX + "/users/{id}/application_credentials/{cid}", r -> {
            ownUser(r, "get_application_credential");
            ObjectNode body = Json.object();
            body.set("application_credential", appCredential(ownCredential(r), false));
            return SimResponse.ok(body);
        });
        router.add("DELETE", PREFIX + "/users/{id}/application_credentials/{cid}", r -> {
            ownUser(r, "delete_application_credential");
            AppCredential c = ownCredential(r);
            appCredentials.remove(c.id());
            // tokens issued from it stop working at once, as in Keystone
            world.revokeTokensWhere(t -> c.id().equals(t.applicationCredentialId()));
            return SimResponse.noContent();
        });
        router.add("GET", PREFIX + "/auth/domains", r -> SimResponse.ok(KeystoneAdmin.domains(null)));
        new KeystoneAdmin(world, baseUrl, this::forgetCredentials).register(router);
    }

    /** Application credentials go with their user or project (Keystone deletes them on either's deletion). */
    private void forgetCredentials(java.util.function.Predicate<AppCredential> which) {
        appCredentials.values().removeIf(which);
    }

    private SimResponse authenticate(SimRequest r) {
        JsonNode auth = r.body() == null ? null : r.body().path("auth");
        if (auth == null || auth.isMissingNode()) {
            throw ServiceError.keystone(400, "Bad Request", "Expecting to find auth in request body.");
        }
        JsonNode identity = auth.path("identity");
        boolean password = false;
        boolean appCredential = false;
        for (JsonNode m : identity.path("methods")) {
            password |= "password".equals(m.asString());
            appCredential |= "application_credential".equals(m.asString());
        }
        if (appCredential && !password) {
            return authenticateAppCredential(identity.path("application_credential"), auth.path("scope"));
        }
        if (!password) {
            throw ServiceError.keystone(401, "Unauthorized", "The request you have made requires authentication.");
        }
        JsonNode u = identity.path("password").path("user");
        String userDomain = domainOf(u.path("domain"));
        String userRef = u.has("id") ? Json.text(u, "id") : Json.text(u, "name");
        if (userRef == null || (!u.has("id") && userDomain == null)) {
            throw ServiceError.keystone(400, "Bad Request", "Expecting to find domain in user. The server could not comply with the request since it is either malformed or otherwise incorrect.");
        }
        World.User user = world.user(userRef, u.has("id") ? null : userDomain)
                .filter(x -> x.enabled() && x.password() != null && x.password().equals(Json.text(u, "password")))
                .orElseThrow(() -> ServiceError.keystone(401, "Unauthorized", "The request you have made requires authentication."));

        JsonNode scope = auth.path("scope").path("project");
        World.Project project = null;
        if (!scope.isMissingNode()) {
            String projectDomain = domainOf(scope.path("domain"));
            if (!scope.has("id") && projectDomain == null) {
                throw ServiceError.keystone(400, "Bad Request", "Expecting to find domain in project. The server could not comply with the request since it is either malformed or otherwise incorrect.");
            }
            String ref = scope.has("id") ? Json.text(scope, "id") : Json.text(scope, "name");
            project = world.project(ref, scope.has("id") ? null : projectDomain)
                    .filter(p -> p.enabled() && !world.rolesOf(user.id(), p.id()).isEmpty())
                    .orElseThrow(() -> ServiceError.keystone(401, "Unauthorized",
                            "The request you have made requires authentication."));
        }
        Instant now = world.now();
        Token token = new Token(World.uuid().replace("-", ""), user.id(), user.name(),
                project == null ? null : project.id(), project == null ? null : project.name(), World.DOMAIN_ID,
                project != null && world.effectiveRoles(user.id(), project.id()).stream()
                        .anyMatch(role -> "admin".equals(role.name())),
                now, now.plus(world.settings.tokenTtl()));
        world.putToken(token);
        return new SimResponse(201, tokenBody(token), Map.of("X-Subject-Token", token.id()));
    }

    private SimResponse authenticateAppCredential(JsonNode given, JsonNode scope) {
        if (!scope.isMissingNode() && !scope.isNull()) {
            // an application credential carries its own scope; Keystone refuses to re-scope it
            throw ServiceError.keystone(401, "Unauthorized", "The request you have made requires authentication.");
        }
        String secret = Json.text(given, "secret");
        AppCredential c;
        if (given.has("id")) {
            c = appCredentials.get(Json.text(given, "id"));
        } else {
            JsonNode u = given.path("user");
            String userRef = u.has("id") ? Json.text(u, "id") : Json.text(u, "name");
            String userId = userRef == null ? null
                    : world.user(userRef, u.has("id") ? null : domainOf(u.path("domain"))).map(World.User::id).orElse(null);
            c = appCredentials.values().stream()
                    .filter(x -> x.userId().equals(userId) && x.name().equals(Json.text(given, "name")))
                    .findFirst().orElse(null);
        }
        Instant now = world.now();
        if (c == null || secret == null || !c.secret().equals(secret)
                || c.expiresAt() != null && !c.expiresAt().isAfter(now)) {
            throw ServiceError.keystone(401, "Unauthorized", "The request you have made requires authentication.");
        }
        World.User user = world.user(c.userId(), null).filter(World.User::enabled).orElseThrow(() ->
                ServiceError.keystone(401, "Unauthorized", "The request you have made requires authentication."));
        World.Project project = world.project(c.projectId(), null).filter(World.Project::enabled).orElseThrow(() ->
                ServiceError.keystone(401, "Unauthorized", "The request you have made requires authentication."));
        Instant expires = now.plus(world.settings.tokenTtl());
        if (c.expiresAt() != null && c.expiresAt().isBefore(expires)) {
            expires = c.expiresAt();
        }
        Token token = new Token(World.uuid().replace("-", ""), user.id(), user.name(), project.id(), project.name(),
                World.DOMAIN_ID, c.admin(), now, expires, "application_credential", c.id());
        world.putToken(token);
        return new SimResponse(201, tokenBody(token), Map.of("X-Subject-Token", token.id()));
    }

    /**
     * An application credential of a user for a project where they have a role, as the user would make it with a
     * token of that project: for tests and people (the HTTP route is the cloud's way). Answers its id and secret.
     */
    public String[] makeApplicationCredential(String userName, String projectName, String name) {
        return world.locked(() -> {
            World.User user = world.user(userName, World.DOMAIN_ID).or(() -> world.user(userName, World.DOMAIN_NAME))
                    .orElseThrow(() -> new IllegalArgumentException("no user " + userName));
            World.Project project = world.project(projectName, World.DOMAIN_ID)
                    .or(() -> world.project(projectName, World.DOMAIN_NAME))
                    .orElseThrow(() -> new IllegalArgumentException("no project " + projectName));
            java.util.List<World.Role> roles = world.effectiveRoles(user.id(), project.id());
            if (roles.isEmpty()) {
                throw new IllegalArgumentException(userName + " has no role in " + projectName);
            }
            String secret = (World.uuid() + World.uuid()).replace("-", "");
            AppCredential c = new AppCredential(World.uuid().replace("-", ""), name, null, secret, user.id(),
                    project.id(), roles, null);
            appCredentials.put(c.id(), c);
            return new String[] {c.id(), c.secret()};
        });
    }

    private SimResponse createAppCredential(SimRequest r) {
        ownUser(r, "create_application_credential");
        Token t = r.token();
        if (t.projectId() == null) {
            throw ServiceError.keystone(400, "Bad Request", "Unable to create an application credential without a "
                    + "project-scoped token.");
        }
        if (t.applicationCredentialId() != null) {
            throw ServiceError.keystone(403, "Forbidden", "Using method 'application_credential' is not allowed for "
                    + "managing additional application credentials.");
        }
        JsonNode given = r.body() == null ? null : r.body().path("application_credential");
        String name = given == null ? null : Json.text(given, "name");
        if (name == null || name.isBlank() || name.length() > 255) {
            throw ServiceError.keystone(400, "Bad Request", "Invalid input for field 'name': a name of 1 to 255 "
                    + "characters is required.");
        }
        if (appCredentials.values().stream().anyMatch(c -> c.userId().equals(t.userId()) && c.name().equals(name))) {
            throw ServiceError.keystone(409, "Conflict", "Conflict occurred attempting to store application_credential - "
                    + "Duplicate entry found with name " + name + ".");
        }
        Instant expiresAt = null;
        String expires = Json.text(given, "expires_at");
        if (expires != null) {
            try {
                expiresAt = Instant.parse(expires.endsWith("Z") || expires.contains("+") ? expires : expires + "Z");
            } catch (java.time.format.DateTimeParseException e) {
                throw ServiceError.keystone(400, "Bad Request", "Invalid input for field 'expires_at': '" + expires
                        + "' is not a 'date-time'.");
            }
        }
        String secret = Json.text(given, "secret");
        if (secret == null || secret.isEmpty()) {
            secret = (World.uuid() + World.uuid()).replace("-", "");
        }
        AppCredential c = new AppCredential(World.uuid().replace("-", ""), name, Json.text(given, "description"), secret,
                t.userId(), t.projectId(), tokenRoles(t), expiresAt);
        appCredentials.put(c.id(), c);
        ObjectNode body = Json.object();
        body.set("application_credential", appCredential(c, true));
        return new SimResponse(201, body, Map.of());
    }

    /** Users manage their own application credentials only (admins too, as in Keystone's default policy). */
    private static void ownUser(SimRequest r, String action) {
        if (!r.token().userId().equals(r.param("id"))) {
            throw ServiceError.keystone(403, "Forbidden", "You are not authorized to perform the requested action: "
                    + "identity:" + action + ".");
        }
    }

    private AppCredential ownCredential(SimRequest r) {
        AppCredential c = appCredentials.get(r.param("cid"));
        if (c == null || !c.userId().equals(r.param("id"))) {
            throw ServiceError.keystone(404, "Not Found", "Could not find application credential: " + r.param("cid") + ".");
        }
        return c;
    }

    private ObjectNode appCredential(AppCredential c, boolean withSecret) {
        ObjectNode n = Json.object();
        n.put("id", c.id()).put("name", c.name()).put("description", c.description()).put("user_id", c.userId())
                .put("project_id", c.projectId()).put("unrestricted", false);
        if (c.expiresAt() == null) {
            n.putNull("expires_at");
        } else {
            n.put("expires_at", TIME.format(c.expiresAt()));
        }
        ArrayNode roles = n.putArray("roles");
        c.roles().forEach(role -> roles.addObject().put("id", role.id()).put("name", role.name()));
        if (withSecret) {
            n.put("secret", c.secret());
        }
        n.putObject("links").put("self", baseUrl.get() + PREFIX + "/users/" + c.userId() + "/application_credentials/"
                + c.id());
        return n;
    }

    private SimResponse validate(SimRequest r) {
        Optional<Token> subject = world.validToken(r.headers().get("x-subject-token"));
        return subject.map(t -> SimResponse.ok(tokenBody(t)))
                .orElseThrow(() -> ServiceError.keystone(404, "Not Found", "Could not find token: " + r.headers().get("x-subject-token") + "."));
    }

    private static String domainOf(JsonNode domain) {
        if (domain.isMissingNode() || domain.isNull()) {
            return null;
        }
        return domain.has("id") ? Json.text(domain, "id") : Json.text(domain, "name");
    }

    private ObjectNode tokenBody(Token t) {
        ObjectNode body = Json.object();
        ObjectNode token = body.putObject("token");
        token.putArray("methods").add(t.method());
        if (t.applicationCredentialId() != null) {
            token.putObject("application_credential").put("id", t.applicationCredentialId()).put("restricted", true);
        }
        token.put("expires_at", TIME.format(t.expiresAt()));
        token.put("issued_at", TIME.format(t.issuedAt()));
        token.putArray("audit_ids").add(t.id().substring(0, 22));
        ObjectNode user = token.putObject("user");
        user.put("id", t.userId()).put("name", t.userName()).put("password_expires_at", (String) null);
        user.putObject("domain").put("id", World.DOMAIN_ID).put("name", World.DOMAIN_NAME);
        if (t.projectId() != null) {
            ObjectNode project = token.putObject("project");
            project.put("id", t.projectId()).put("name", t.projectName());
            project.putObject("domain").put("id", World.DOMAIN_ID).put("name", World.DOMAIN_NAME);
            ArrayNode roles = token.putArray("roles");
            tokenRoles(t).forEach(role -> roles.addObject().put("id", role.id()).put("name", role.name()));
            token.put("is_domain", false);
            ArrayNode catalog = token.putArray("catalog");
            SERVICES.forEach((type, path) -> {
                if (omitted.contains(type)) {
                    return;
                }
                ObjectNode service = catalog.addObject();
                service.put("type", type).put("name", type).put("id", type + "-service");
                ArrayNode endpoints = service.putArray("endpoints");
                for (String iface : new String[] {"public", "internal", "admin"}) {
                    endpoints.addObject().put("id", type + "-" + iface).put("interface", iface)
                            .put("region", World.REGION).put("region_id", World.REGION)
                            .put("url", interfaceBase(iface) + path.replace("{project_id}", t.projectId()));
                }
            });
        }
        return body;
    }

    /**
     * Only the public interface is served. The internal and admin ones have their own addresses, as on a real cloud,
     * on other loopback addresses where nothing listens: a client that picks the wrong interface is refused at once
     * instead of working by accident.
     */
    private String interfaceBase(String iface) {
        String base = baseUrl.get();
        if ("public".equals(iface)) {
            return base;
        }
        URI uri = URI.create(base);
        String host = "internal".equals(iface) ? "127.0.0.2" : "127.0.0.3";
        return uri.getScheme() + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /**
     * The roles a token carries: a password token's are the user's roles on the project now (a revoked role ends the
     * token, so they never grow stale the other way); an application credential's are those it was made with.
     */
    private java.util.List<World.Role> tokenRoles(Token t) {
        if (t.applicationCredentialId() != null) {
            AppCredential c = appCredentials.get(t.applicationCredentialId());
            if (c != null) {
                return c.roles();
            }
        }
        return world.effectiveRoles(t.userId(), t.projectId());
    }

    private ObjectNode projectsOf(String userId) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("projects");
        world.projectIdsOf(userId).forEach(id -> world.project(id, null)
                .ifPresent(p -> list.add(KeystoneAdmin.project(p, baseUrl.get()))));
        return body;
    }

    private ObjectNode version() {
        ObjectNode body = Json.object();
        ObjectNode v = body.putObject("version");
        v.put("id", "v3.14").put("status", "stable").put("updated", "2020-04-07T00:00:00Z");
        v.putArray("links").addObject().put("rel", "self").put("href", baseUrl.get() + PREFIX + "/");
        return body;
    }
}
