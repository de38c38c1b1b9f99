package org.stackport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keystone's identity admin API, as OpenStack's Tempest uses it for dynamic credentials: with an admin token it
 * makes a project, a user with a password and role assignments, later deletes them; the user logs in meanwhile.
 */
class IdentityAdminTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String V3 = "/identity/v3";

    OpenStackSimulator sim;
    final HttpClient http = HttpClient.newHttpClient();
    String admin;

    record Answer(int status, JsonNode body, String subjectToken) {
    }

    @BeforeEach
    void start() throws Exception {
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), new ManualClock(Instant.parse("2026-03-01T10:00:00Z")));
        admin = login("admin", "admin", "admin").subjectToken();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    Answer call(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body() == null || r.body().isEmpty() ? null : JSON.readTree(r.body()),
                r.headers().firstValue("X-Subject-Token").orElse(null));
    }

    Answer login(String user, String password, String project) throws Exception {
        return call("POST", V3 + "/auth/tokens", null, """
                {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"%s","domain":{"name":"Default"},
                "password":"%s"}}},"scope":{"project":{"name":"%s","domain":{"id":"default"}}}}}"""
                .formatted(user, password, project));
    }

    String createProject(String name) throws Exception {
        Answer a = call("POST", V3 + "/projects", admin, """
                {"project":{"name":"%s","description":"tempest","domain_id":"default"}}""".formatted(name));
        assertThat(a.status()).as("%s", a.body()).isEqualTo(201);
        return a.body().get("project").get("id").asString();
    }

    String createUser(String name, String password, String projectId) throws Exception {
        Answer a = call("POST", V3 + "/users", admin, """
                {"user":{"name":"%s","password":"%s","domain_id":"default","default_project_id":"%s","enabled":true,
                "email":"%s@example.com"}}""".formatted(name, password, projectId, name));
        assertThat(a.status()).as("%s", a.body()).isEqualTo(201);
        return a.body().get("user").get("id").asString();
    }

    String roleId(String name) throws Exception {
        Answer a = call("GET", V3 + "/roles?name=" + name, admin, null);
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.body().get("roles").size()).isEqualTo(1);
        return a.body().get("roles").get(0).get("id").asString();
    }

    static List<String> texts(JsonNode list, String field) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.at(field).asString()));
        return out;
    }

    @Test
    void an_admin_makes_a_project_and_a_user_with_a_role_and_the_user_logs_in_to_that_project() throws Exception {
        Answer domains = call("GET", V3 + "/domains?name=Default", admin, null);
        assertThat(texts(domains.body().get("domains"), "/id")).containsExactly("default");
        assertThat(call("GET", V3 + "/domains?name=Nope", admin, null).body().get("domains").size()).isZero();

        String projectId = createProject("tempest-p1");
        Answer project = call("GET", V3 + "/projects/" + projectId, admin, null);
        assertThat(project.body().get("project").get("name").asString()).isEqualTo("tempest-p1");
        assertThat(project.body().get("project").get("description").asString()).isEqualTo("tempest");
        assertThat(project.body().get("project").get("domain_id").asString()).isEqualTo("default");
        assertThat(project.body().get("project").get("parent_id").asString()).isEqualTo("default");
        assertThat(project.body().get("project").get("enabled").asBoolean()).isTrue();
        assertThat(projectId).matches("[0-9a-f-]{32,36}");

        String userId = createUser("tempest-u1", "s3cret", projectId);
        Answer user = call("GET", V3 + "/users/" + userId, admin, null);
        assertThat(user.body().get("user").get("name").asString()).isEqualTo("tempest-u1");
        assertThat(user.body().get("user").get("default_project_id").asString()).isEqualTo(projectId);
        assertThat(user.body().get("user").get("email").asString()).as("extra attributes are kept")
                .isEqualTo("tempest-u1@example.com");
        assertThat(user.body().get("user").has("password")).as("never shown").isFalse();

        Answer roles = call("GET", V3 + "/roles", admin, null);
        assertThat(texts(roles.body().get("roles"), "/name")).contains("admin", "member", "reader");
        String member = roleId("member");

        assertThat(login("tempest-u1", "s3cret", "tempest-p1").status()).as("no role yet").isEqualTo(401);
        String assignment = V3 + "/projects/" + projectId + "/users/" + userId + "/roles/" + member;
        assertThat(call("HEAD", assignment, admin, null).status()).isEqualTo(404);
        assertThat(call("PUT", assignment, admin, null).status()).isEqualTo(204);
        assertThat(call("PUT", assignment, admin, null).status()).as("idempotent").isEqualTo(204);
        assertThat(call("HEAD", assignment, admin, null).status()).isEqualTo(204);

        Answer listed = call("GET", V3 + "/role_assignments?user.id=" + userId + "&scope.project.id=" + projectId,
                admin, null);
        assertThat(listed.status()).isEqualTo(200);
        JsonNode a = listed.body().get("role_assignments");
        assertThat(a.size()).isEqualTo(1);
        assertThat(a.get(0).at("/role/id").asString()).isEqualTo(member);
        assertThat(a.get(0).at("/user/id").asString()).isEqualTo(userId);
        assertThat(a.get(0).at("/scope/project/id").asString()).isEqualTo(projectId);
        Answer effective = call("GET", V3 + "/role_assignments?effective&include_names&user.id=" + userId, admin, null);
        assertThat(texts(effective.body().get("role_assignments"), "/role/name")).as("member implies reader")
                .containsExactlyInAnyOrder("member", "reader");
        assertThat(texts(call("GET", V3 + "/projects/" + projectId + "/users/" + userId + "/roles", admin, null)
                .body().get("roles"), "/name")).containsExactly("member");

        Answer token = login("tempest-u1", "s3cret", "tempest-p1");
        assertThat(token.status()).isEqualTo(201);
        assertThat(token.body().at("/token/project/id").asString()).isEqualTo(projectId);
        assertThat(texts(token.body().at("/token/roles"), "/name")).containsExactlyInAnyOrder("member", "reader");
        assertThat(token.body().at("/token/roles").get(0).get("id").asString()).isIn(member, roleId("reader"));
        assertThat(call("GET", "/compute/v2.1/servers", token.subjectToken(), null).status()).isEqualTo(200);
        assertThat(call("GET", V3 + "/users/" + userId, token.subjectToken(), null).status()).as("own record")
                .isEqualTo(200);
        assertThat(call("GET", V3 + "/domains/default", token.subjectToken(), null).body().at("/domain/name").asString())
                .isEqualTo("Default");
        assertThat(call("GET", V3 + "/domains/nope", admin, null).status()).isEqualTo(404);

        // Tempest's clean-up: the user, then the project
        assertThat(call("DELETE", V3 + "/users/" + userId, admin, null).status()).isEqualTo(204);
        assertThat(call("DELETE", V3 + "/projects/" + projectId, admin, null).status()).isEqualTo(204);
        assertThat(call("GET", V3 + "/projects/" + projectId, admin, null).status()).isEqualTo(404);
        assertThat(call("GET", V3 + "/users/" + userId, admin, null).status()).isEqualTo(404);
        assertThat(call("DELETE", V3 + "/users/" + userId, admin, null).body().at("/error/message").asString())
                .isEqualTo("Could not find user: " + userId + ".");
    }

    @Test
    void a_user_name_may_have_255_characters_and_a_project_name_64_as_in_keystones_schemas() throws Exception {
        assertThat(call("POST", V3 + "/users", admin, "{\"user\":{\"name\":\"" + "u".repeat(255) + "\"}}").status())
                .isEqualTo(201);
        assertThat(call("POST", V3 + "/users", admin, "{\"user\":{\"name\":\"" + "u".repeat(256) + "\"}}").status())
                .isEqualTo(400);
        assertThat(call("POST", V3 + "/projects", admin, "{\"project\":{\"name\":\"" + "p".repeat(64) + "\"}}")
                .status()).isEqualTo(201);
        assertThat(call("POST", V3 + "/projects", admin, "{\"project\":{\"name\":\"" + "p".repeat(65) + "\"}}")
                .status()).isEqualTo(400);
    }

    @Test
    void names_are_unique_per_domain_and_a_duplicate_gets_keystones_conflict() throws Exception {
        String projectId = createProject("dup");
        Answer again = call("POST", V3 + "/projects", admin, "{\"project\":{\"name\":\"dup\"}}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().at("/error/title").asString()).isEqualTo("Conflict");
        assertThat(again.body().at("/error/message").asString()).startsWith("Conflict occurred attempting to store "
                + "project - it is not permitted to have two projects with either the same name or same id in the same "
                + "domain: name is dup, project id ");

        createUser("dup-user", "x", projectId);
        Answer user = call("POST", V3 + "/users", admin, "{\"user\":{\"name\":\"dup-user\",\"password\":\"y\"}}");
        assertThat(user.status()).isEqualTo(409);
        assertThat(user.body().at("/error/message").asString())
                .isEqualTo("Conflict occurred attempting to store user - Duplicate entry found with name dup-user at "
                        + "domain ID default.");

        String other = createProject("other");
        assertThat(call("PATCH", V3 + "/projects/" + other, admin, "{\"project\":{\"name\":\"dup\"}}").status())
                .isEqualTo(409);
        assertThat(call("PATCH", V3 + "/projects/" + other, admin, "{\"project\":{\"name\":\"renamed\","
                + "\"description\":\"d2\"}}").body().at("/project/name").asString()).isEqualTo("renamed");

        assertThat(texts(call("GET", V3 + "/projects?name=dup", admin, null).body().get("projects"), "/id"))
                .containsExactly(projectId);
        assertThat(texts(call("GET", V3 + "/projects", admin, null).body().get("projects"), "/name"))
                .contains("dev", "admin", "dup", "renamed");
        assertThat(texts(call("GET", V3 + "/users?name=dup-user", admin, null).body().get("users"), "/name"))
                .containsExactly("dup-user");
        assertThat(texts(call("GET", V3 + "/users", admin, null).body().get("users"), "/name"))
                .contains("demo", "admin", "dup-user");

        Answer nameless = call("POST", V3 + "/projects", admin, "{\"project\":{\"description\":\"x\"}}");
        assertThat(nameless.status()).isEqualTo(400);
        assertThat(nameless.body().at("/error/message").asString()).isEqualTo("'name' is a required property");
    }

    @Test
    void a_member_is_refused_the_admin_api_with_keystones_forbidden_body() throws Exception {
        Answer demo = login("demo", "demo", "dev");
        String token = demo.subjectToken();
        String demoId = demo.body().at("/token/user/id").asString();
        Answer create = call("POST", V3 + "/users", token, "{\"user\":{\"name\":\"x\",\"password\":\"y\"}}");
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.body()).isEqualTo(JSON.readTree("""
                {"error":{"code":403,"message":"You are not authorized to perform the requested action: identity:create_user.","title":"Forbidden"}}"""));
        assertThat(call("POST", V3 + "/projects", token, "{\"project\":{\"name\":\"x\"}}").body().at("/error/message")
                .asString()).endsWith("identity:create_project.");
        assertThat(call("GET", V3 + "/users", token, null).status()).isEqualTo(403);
        assertThat(call("GET", V3 + "/roles", token, null).status()).isEqualTo(403);
        assertThat(call("GET", V3 + "/role_assignments", token, null).status()).isEqualTo(403);
        String adminId = login("admin", "admin", "admin").body().at("/token/user/id").asString();
        assertThat(call("GET", V3 + "/users/" + adminId, token, null).body().at("/error/message").asString())
                .endsWith("identity:get_user.");
        String dev = sim.projectId("dev");
        String adminProject = sim.projectId("admin");
        assertThat(call("PUT", V3 + "/projects/" + adminProject + "/users/" + demoId + "/roles/" + roleId("admin"),
                token, null).status()).as("no escalation").isEqualTo(403);
        assertThat(call("DELETE", V3 + "/projects/" + dev, token, null).status()).isEqualTo(403);
        assertThat(call("PATCH", V3 + "/users/" + demoId, token, "{\"user\":{\"enabled\":false}}").status())
                .isEqualTo(403);
        assertThat(call("GET", V3 + "/projects/" + adminProject, token, null).status()).as("not their project")
                .isEqualTo(403);

        assertThat(call("GET", V3 + "/users/" + demoId, token, null).body().at("/user/name").asString()).isEqualTo("demo");
        assertThat(call("GET", V3 + "/projects/" + dev, token, null).status()).as("their own project").isEqualTo(200);
    }

    @Test
    void deleting_a_user_ends_its_tokens_and_deleting_a_project_removes_its_role_assignments() throws Exception {
        String projectId = createProject("short-lived");
        String userId = createUser("leaving", "pw", projectId);
        String member = roleId("member");
        call("PUT", V3 + "/projects/" + projectId + "/users/" + userId + "/roles/" + member, admin, null);
        call("PUT", V3 + "/projects/" + sim.projectId("dev") + "/users/" + userId + "/roles/" + member, admin, null);
        String token = login("leaving", "pw", "short-lived").subjectToken();
        assertThat(call("GET", "/compute/v2.1/servers", token, null).status()).isEqualTo(200);

        assertThat(call("DELETE", V3 + "/projects/" + projectId, admin, null).status()).isEqualTo(204);
        assertThat(call("GET", "/compute/v2.1/servers", token, null).status()).as("scoped to a gone project")
                .isEqualTo(401);
        assertThat(call("GET", V3 + "/role_assignments?scope.project.id=" + projectId, admin, null)
                .body().get("role_assignments").size()).isZero();
        assertThat(call("GET", V3 + "/role_assignments?user.id=" + userId, admin, null)
                .body().get("role_assignments").size()).as("the other project's stays").isEqualTo(1);
        assertThat(login("leaving", "pw", "short-lived").status()).isEqualTo(401);

        String devToken = login("leaving", "pw", "dev").subjectToken();
        assertThat(call("GET", "/compute/v2.1/servers", devToken, null).status()).isEqualTo(200);
        assertThat(call("DELETE", V3 + "/users/" + userId, admin, null).status()).isEqualTo(204);
        assertThat(call("GET", "/compute/v2.1/servers", devToken, null).status()).as("a deleted user's token")
                .isEqualTo(401);
        assertThat(login("leaving", "pw", "dev").status()).isEqualTo(401);
        assertThat(call("GET", V3 + "/role_assignments?user.id=" + userId, admin, null)
                .body().get("role_assignments").size()).isZero();
    }

    @Test
    void a_revoked_role_ends_the_users_tokens_on_that_project() throws Exception {
        String userId = createUser("revoked", "pw", sim.projectId("dev"));
        String assignment = V3 + "/projects/" + sim.projectId("dev") + "/users/" + userId + "/roles/" + roleId("reader");
        assertThat(call("PUT", assignment, admin, null).status()).isEqualTo(204);
        Answer token = login("revoked", "pw", "dev");
        assertThat(texts(token.body().at("/token/roles"), "/name")).containsExactly("reader");

        assertThat(call("DELETE", assignment, admin, null).status()).isEqualTo(204);
        assertThat(call("GET", "/compute/v2.1/servers", token.subjectToken(), null).status()).isEqualTo(401);
        assertThat(login("revoked", "pw", "dev").status()).isEqualTo(401);
        Answer again = call("DELETE", assignment, admin, null);
        assertThat(again.status()).isEqualTo(404);
        assertThat(again.body().at("/error/message").asString()).startsWith("Could not find role assignment");
        assertThat(call("PUT", V3 + "/projects/" + sim.projectId("dev") + "/users/" + userId + "/roles/nope", admin, null)
                .body().at("/error/message").asString()).isEqualTo("Could not find role: nope.");
    }

    @Test
    void a_password_change_or_a_disabled_user_or_project_ends_logins() throws Exception {
        String projectId = createProject("patched");
        String userId = createUser("patchy", "old", projectId);
        call("PUT", V3 + "/projects/" + projectId + "/users/" + userId + "/roles/" + roleId("member"), admin, null);
        String before = login("patchy", "old", "patched").subjectToken();

        Answer changed = call("PATCH", V3 + "/users/" + userId, admin, "{\"user\":{\"password\":\"new\"}}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(changed.body().get("user").has("password")).isFalse();
        assertThat(call("GET", "/compute/v2.1/servers", before, null).status()).isEqualTo(401);
        assertThat(login("patchy", "old", "patched").status()).isEqualTo(401);
        assertThat(login("patchy", "new", "patched").status()).isEqualTo(201);

        assertThat(call("PATCH", V3 + "/projects/" + projectId, admin, "{\"project\":{\"enabled\":false}}")
                .body().at("/project/enabled").asBoolean()).isFalse();
        assertThat(login("patchy", "new", "patched").status()).as("disabled project").isEqualTo(401);
        call("PATCH", V3 + "/projects/" + projectId, admin, "{\"project\":{\"enabled\":true}}");
        assertThat(login("patchy", "new", "patched").status()).isEqualTo(201);

        call("PATCH", V3 + "/users/" + userId, admin, "{\"user\":{\"enabled\":false}}");
        assertThat(login("patchy", "new", "patched").status()).as("disabled user").isEqualTo(401);
    }

    @Test
    void a_project_with_children_is_not_deleted() throws Exception {
        String parent = createProject("parent");
        Answer child = call("POST", V3 + "/projects", admin, """
                {"project":{"name":"child","parent_id":"%s"}}""".formatted(parent));
        assertThat(child.status()).isEqualTo(201);
        assertThat(child.body().at("/project/parent_id").asString()).isEqualTo(parent);
        assertThat(texts(call("GET", V3 + "/projects?parent_id=" + parent, admin, null).body().get("projects"), "/name"))
                .containsExactly("child");
        assertThat(call("DELETE", V3 + "/projects/" + parent, admin, null).status()).isEqualTo(403);
        assertThat(call("DELETE", V3 + "/projects/" + child.body().at("/project/id").asString(), admin, null).status())
                .isEqualTo(204);
        assertThat(call("DELETE", V3 + "/projects/" + parent, admin, null).status()).isEqualTo(204);
        assertThat(call("POST", V3 + "/projects", admin, "{\"project\":{\"name\":\"orphan\",\"parent_id\":\"nope\"}}")
                .status()).isEqualTo(404);
    }
}
