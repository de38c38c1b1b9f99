package org.stackport.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.support.Api;
import org.stackport.support.RunAs;
import org.stackport.tenancy.ApiKeyService;
import org.stackport.tenancy.ProjectRole;
import org.stackport.tenancy.ProjectService;
import org.stackport.tenancy.UserService;

/**
 * Every endpoint × every kind of caller gets the code the contract promises: 401 without a key,
 * 403 for a known caller whose role does not allow it, 404 for a project the caller has no role in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT {

    static final String P = "matrix-p";
    static final String Q = "matrix-q";
    static final String PASSWORD = "Matrix-Password-1";

    enum Caller { ANONYMOUS, VIEWER_OF_P, ADMIN_OF_P, ADMIN_OF_Q, TENANT_ADMIN }

    @LocalServerPort
    int port;
    @Autowired
    ProjectService projects;
    @Autowired
    UserService users;
    @Autowired
    ApiKeyService keys;

    Api api;
    final Map<Caller, String> usernames = new LinkedHashMap<>();
    final Map<Caller, String> apiKeys = new LinkedHashMap<>();
    final AtomicInteger counter = new AtomicInteger();

    @BeforeAll
    void setUp() {
        api = new Api(port);
        usernames.put(Caller.VIEWER_OF_P, "mx-viewer-p");
        usernames.put(Caller.ADMIN_OF_P, "mx-admin-p");
        usernames.put(Caller.ADMIN_OF_Q, "mx-admin-q");
        usernames.put(Caller.TENANT_ADMIN, "mx-tenant-admin");
        RunAs.admin(() -> {
            projects.create(P, "project P");
            projects.create(Q, "project Q");
            usernames.forEach((caller, name) -> users.create(name, PASSWORD, caller == Caller.TENANT_ADMIN));
            projects.setMember(P, "mx-viewer-p", ProjectRole.PROJECT_VIEWER);
            projects.setMember(P, "mx-admin-p", ProjectRole.PROJECT_ADMIN);
            projects.setMember(Q, "mx-admin-q", ProjectRole.PROJECT_ADMIN);
            usernames.forEach((caller, name) -> apiKeys.put(caller, keys.create(name, "matrix", null).key()));
        });
    }

    /** A call to make as a caller; built per caller so that each gets fresh objects to act on. */
    record Call(String method, String path, String body) {
    }

    record Case(String name, Function<AuthorizationMatrixIT, Function<Caller, Call>> call, int[] expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static int[] codes(int anonymous, int viewerOfP, int adminOfP, int adminOfQ, int tenantAdmin) {
        return new int[] {anonymous, viewerOfP, adminOfP, adminOfQ, tenantAdmin};
    }

    static Stream<Arguments> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("GET /projects", t -> c -> new Call("GET", "/api/v1/projects", null), codes(401, 200, 200, 200, 200)));
        cases.add(new Case("POST /projects", t -> c -> new Call("POST", "/api/v1/projects",
                "{\"name\":\"" + t.unique("np") + "\"}"), codes(401, 403, 403, 403, 201)));
        cases.add(new Case("GET /projects/P", t -> c -> new Call("GET", "/api/v1/projects/" + P, null), codes(401, 200, 200, 404, 200)));
        cases.add(new Case("GET /projects/unknown", t -> c -> new Call("GET", "/api/v1/projects/no-such-project", null), codes(401, 404, 404, 404, 404)));
        cases.add(new Case("DELETE /projects/fresh", t -> c -> new Call("DELETE", "/api/v1/projects/" + t.freshProject(), null),
                codes(401, 404, 404, 404, 204)));
        cases.add(new Case("DELETE /projects/P", t -> c -> new Call("DELETE", "/api/v1/projects/" + (c == Caller.TENANT_ADMIN
                ? t.freshProject() : P), null), codes(401, 403, 403, 404, 204)));
        cases.add(new Case("GET /projects/P/members", t -> c -> new Call("GET", "/api/v1/projects/" + P + "/members", null), codes(401, 200, 200, 404, 200)));
        cases.add(new Case("PUT /projects/P/members/u", t -> c -> new Call("PUT", "/api/v1/projects/" + P + "/members/" + t.freshUser(),
                "{\"role\":\"PROJECT_VIEWER\"}"), codes(401, 403, 403, 404, 200)));
        cases.add(new Case("DELETE /projects/P/members/u", t -> c -> new Call("DELETE", "/api/v1/projects/" + P + "/members/" + t.freshMemberOfP(),
                null), codes(401, 403, 403, 404, 204)));
        cases.add(new Case("GET /users", t -> c -> new Call("GET", "/api/v1/users", null), codes(401, 403, 403, 403, 200)));
        cases.add(new Case("POST /users", t -> c -> new Call("POST", "/api/v1/users",
                "{\"username\":\"" + t.unique("nu") + "\",\"password\":\"" + PASSWORD + "\"}"), codes(401, 403, 403, 403, 201)));
        cases.add(new Case("DELETE /users/u", t -> c -> new Call("DELETE", "/api/v1/users/" + t.freshUser(), null), codes(401, 403, 403, 403, 204)));
        cases.add(new Case("POST /users/self/api-keys", t -> c -> new Call("POST", "/api/v1/users/" + t.self(c) + "/api-keys",
                "{\"name\":\"" + t.unique("k") + "\"}"), codes(401, 201, 201, 201, 201)));
        cases.add(new Case("GET /users/self/api-keys", t -> c -> new Call("GET", "/api/v1/users/" + t.self(c) + "/api-keys", null), codes(401, 200, 200, 200, 200)));
        cases.add(new Case("POST /users/other/api-keys", t -> c -> new Call("POST", "/api/v1/users/" + t.freshUser() + "/api-keys",
                "{\"name\":\"k\"}"), codes(401, 403, 403, 403, 201)));
        cases.add(new Case("GET /users/other/api-keys", t -> c -> new Call("GET", "/api/v1/users/" + t.freshUser() + "/api-keys", null), codes(401, 403, 403, 403, 200)));
        cases.add(new Case("DELETE /users/other/api-keys/id", t -> c -> t.revokeOthersKey(), codes(401, 403, 403, 403, 204)));
        cases.add(new Case("PUT /users/self/password", t -> c -> new Call("PUT", "/api/v1/users/" + t.self(c) + "/password",
                "{\"currentPassword\":\"" + PASSWORD + "\",\"password\":\"" + PASSWORD + "\"}"), codes(401, 204, 204, 204, 204)));
        cases.add(new Case("PUT /users/other/password", t -> c -> new Call("PUT", "/api/v1/users/" + t.freshUser() + "/password",
                "{\"password\":\"" + PASSWORD + "\"}"), codes(401, 403, 403, 403, 204)));
        cases.add(new Case("GET /audit", t -> c -> new Call("GET", "/api/v1/audit?limit=10", null), codes(401, 403, 403, 403, 200)));
        cases.add(new Case("GET /actuator/prometheus", t -> c -> new Call("GET", "/actuator/prometheus", null), codes(401, 403, 403, 403, 200)));
        // gateways: tenant admins only
        cases.add(new Case("GET /gateways", t -> c -> new Call("GET", "/api/v1/gateways", null), codes(401, 403, 403, 403, 200)));
        cases.add(new Case("GET /gateways/local", t -> c -> new Call("GET", "/api/v1/gateways/local-gateway", null), codes(401, 403, 403, 403, 200)));
        cases.add(new Case("GET /gateways/local/events", t -> c -> new Call("GET", "/api/v1/gateways/local-gateway/events", null), codes(401, 403, 403, 403, 200)));
        cases.add(new Case("POST /gateways (incomplete)", t -> c -> new Call("POST", "/api/v1/gateways", "{\"name\":\"mx-gw\"}"), codes(401, 403, 403, 403, 422)));
        cases.add(new Case("POST /gateways/probe (incomplete)", t -> c -> new Call("POST", "/api/v1/gateways/probe", "{}"), codes(401, 403, 403, 403, 422)));
        cases.add(new Case("POST /gateways/local/resize 2", t -> c -> new Call("POST", "/api/v1/gateways/local-gateway/resize", "{\"size\":2}"), codes(401, 403, 403, 403, 422)));
        cases.add(new Case("PUT /gateways/local (incomplete)", t -> c -> new Call("PUT", "/api/v1/gateways/local-gateway", "{\"name\":\"local-gateway\"}"), codes(401, 403, 403, 403, 422)));
        // cloud accounts: shared ones are used by project admins, managed by tenant admins; project ones by the project's admins
        cases.add(new Case("GET /cloud-accounts", t -> c -> new Call("GET", "/api/v1/cloud-accounts", null), codes(401, 200, 200, 200, 200)));
        cases.add(new Case("GET /cloud-accounts/local", t -> c -> new Call("GET", "/api/v1/cloud-accounts/local-openstack", null), codes(401, 403, 200, 200, 200)));
        cases.add(new Case("GET /cloud-accounts/local/quota", t -> c -> new Call("GET", "/api/v1/cloud-accounts/local-openstack/quota", null), codes(401, 403, 200, 200, 200)));
        cases.add(new Case("GET /cloud-accounts/local/inventory", t -> c -> new Call("GET", "/api/v1/cloud-accounts/local-openstack/inventory", null), codes(401, 403, 200, 200, 200)));
        cases.add(new Case("POST /cloud-accounts tenant (wrong password)", t -> c -> new Call("POST", "/api/v1/cloud-accounts",
                t.account(t.unique("mx-acct"), "tenant", null)), codes(401, 403, 403, 403, 422)));
        cases.add(new Case("POST /cloud-accounts project P (wrong password)", t -> c -> new Call("POST", "/api/v1/cloud-accounts",
                t.account(t.unique("mx-acct"), "project", P)), codes(401, 403, 422, 404, 422)));
        cases.add(new Case("DELETE /cloud-accounts/fresh tenant", t -> c -> new Call("DELETE", "/api/v1/cloud-accounts/" + t.freshAccount(), null),
                codes(401, 403, 403, 403, 204)));
        // profiles: everyone reads, tenant admins write
        cases.add(new Case("GET /packs", t -> c -> new Call("GET", "/api/v1/packs", null), codes(401, 200, 200, 200, 200)));
        cases.add(new Case("GET /cluster-profiles", t -> c -> new Call("GET", "/api/v1/cluster-profiles", null), codes(401, 200, 200, 200, 200)));
        cases.add(new Case("POST /cluster-profiles", t -> c -> new Call("POST", "/api/v1/cluster-profiles", t.profile(t.unique("mx-prof"))),
                codes(401, 403, 403, 403, 201)));
        cases.add(new Case("DELETE /cluster-profiles/fresh", t -> c -> new Call("DELETE", "/api/v1/cluster-profiles/" + t.freshProfile(), null),
                codes(401, 403, 403, 403, 204)));
        // clusters: the project's viewers read, its admins create
        cases.add(new Case("GET /projects/P/clusters", t -> c -> new Call("GET", "/api/v1/projects/" + P + "/clusters", null), codes(401, 200, 200, 404, 200)));
        cases.add(new Case("POST /projects/P/clusters (incomplete)", t -> c -> new Call("POST", "/api/v1/projects/" + P + "/clusters", "{}"), codes(401, 403, 422, 404, 422)));
        cases.add(new Case("POST /projects/P/clusters/review (incomplete)", t -> c -> new Call("POST", "/api/v1/projects/" + P + "/clusters/review", "{}"), codes(401, 403, 422, 404, 422)));
        cases.add(new Case("GET /projects/P/clusters/none", t -> c -> new Call("GET", "/api/v1/projects/" + P + "/clusters/none", null), codes(401, 404, 404, 404, 404)));
        cases.add(new Case("GET /projects/P/clusters/none/events", t -> c -> new Call("GET", "/api/v1/projects/" + P + "/clusters/none/events", null), codes(401, 404, 404, 404, 404)));
        cases.add(new Case("GET /projects/P/clusters/none/kubeconfig", t -> c -> new Call("GET", "/api/v1/projects/" + P + "/clusters/none/kubeconfig", null), codes(401, 403, 404, 404, 404)));
        cases.add(new Case("POST /projects/P/clusters/none/abort", t -> c -> new Call("POST", "/api/v1/projects/" + P + "/clusters/none/abort", null), codes(401, 403, 404, 404, 404)));
        cases.add(new Case("DELETE /projects/P/clusters/none", t -> c -> new Call("DELETE", "/api/v1/projects/" + P + "/clusters/none", null), codes(401, 403, 404, 404, 404)));
        cases.add(new Case("DELETE /projects/P/clusters/none?force=true", t -> c -> new Call("DELETE", "/api/v1/projects/" + P + "/clusters/none?force=true", null), codes(401, 403, 404, 404, 404)));
        cases.add(new Case("GET /actuator/health", t -> c -> new Call("GET", "/actuator/health", null), codes(200, 200, 200, 200, 200)));
        return cases.stream().flatMap(k -> Stream.of(Caller.values()).map(c -> Arguments.of(k, c)));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @MethodSource("cases")
    void every_endpoint_answers_each_caller_as_the_contract_says(Case k, Caller caller) {
        Call call = k.call().apply(this).apply(caller);
        Api.Response r = api.call(call.method(), call.path(), apiKeys.get(caller), call.body());
        int expected = k.expected()[caller.ordinal()];
        assertThat(r.status()).as(call.method() + " " + call.path() + " as " + caller + ": " + r.body()).isEqualTo(expected);
        if (expected >= 400) {
            assertThat(r.contentType()).startsWith("application/problem+json");
        }
    }

    String unique(String prefix) {
        return prefix + "-" + counter.incrementAndGet();
    }

    String self(Caller c) {
        return c == Caller.ANONYMOUS ? "admin" : usernames.get(c);
    }

    String freshUser() {
        String name = unique("mx-u");
        RunAs.admin(() -> users.create(name, PASSWORD, false));
        return name;
    }

    String freshProject() {
        String name = unique("mx-p");
        RunAs.admin(() -> projects.create(name, null));
        return name;
    }

    String freshMemberOfP() {
        String name = freshUser();
        RunAs.admin(() -> projects.setMember(P, name, ProjectRole.PROJECT_VIEWER));
        return name;
    }

    @Autowired
    org.stackport.simulator.SimulatorLauncher launcher;
    @Autowired
    org.stackport.account.CloudAccountService accounts;
    @Autowired
    org.stackport.profile.ClusterProfileService profiles;
    @Autowired
    org.stackport.profile.PackCatalog catalog;

    String account(String name, String scope, String project) {
        return "{\"name\":\"" + name + "\",\"username\":\"demo\",\"password\":\"not-the-password\",\"identityEndpoint\":\""
                + launcher.simulator().identityEndpoint() + "\",\"parentRegion\":\"RegionOne\",\"defaultDomain\":\"Default\","
                + "\"defaultProject\":\"dev\",\"scope\":\"" + scope + "\"" + (project == null ? "" : ",\"project\":\"" + project + "\"") + "}";
    }

    String freshAccount() {
        String name = unique("mx-acct");
        RunAs.admin(() -> accounts.create(new org.stackport.account.CloudAccountCommand(name, null, "demo", "demo",
                launcher.simulator().identityEndpoint(), null, false, "RegionOne", "Default", "dev", "tenant", null)));
        return name;
    }

    org.stackport.profile.ProfileCommand profileCommand(String name) {
        return org.stackport.cluster.ProfileFixture.command(catalog.all(), name);
    }

    String profile(String name) {
        return tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(profileCommand(name));
    }

    String freshProfile() {
        String name = unique("mx-prof");
        RunAs.admin(() -> profiles.create(profileCommand(name)));
        return name;
    }

    Call revokeOthersKey() {
        String name = freshUser();
        long id = RunAs.admin(() -> keys.create(name, "k", null).id());
        return new Call("DELETE", "/api/v1/users/" + name + "/api-keys/" + id, null);
    }
}
