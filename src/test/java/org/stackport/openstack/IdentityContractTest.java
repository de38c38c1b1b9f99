package org.stackport.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.OSClient;
import org.openstack4j.model.identity.v3.Project;
import org.openstack4j.model.identity.v3.Role;
import org.openstack4j.model.identity.v3.RoleAssignment;
import org.openstack4j.model.identity.v3.User;
import org.stackport.simulator.ManualClock;
import org.stackport.simulator.OpenStackSimulator;
import org.stackport.simulator.SimulatorSettings;

/** openstack4j, through our adapter, against the simulator's Keystone. */
class IdentityContractTest {

    static final ManualClock clock = new ManualClock(Instant.now());
    static OpenStackSimulator sim;
    static CloudSessions sessions;
    static IdentityApi identity;

    @BeforeAll
    static void start() {
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), clock);
        sessions = new CloudSessions(OpenStackProperties.defaults(), clock);
        identity = new IdentityApi(sessions);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static CloudCredentials demo() {
        return new CloudCredentials(sim.identityEndpoint(), "demo", "demo", "Default", "dev", "RegionOne", false, null);
    }

    @Test
    void good_credentials_get_a_project_scoped_token_with_the_catalog() {
        IdentityApi.AuthInfo info = identity.check(demo());
        assertThat(info.projectName()).isEqualTo("dev");
        assertThat(info.projectId()).isEqualTo(sim.projectId("dev"));
        assertThat(info.services()).contains("compute", "network", "volumev3", "image", "load-balancer", "identity");
        assertThat(info.expiresAt()).isAfter(clock.instant());
    }

    @Test
    void a_wrong_password_is_an_auth_failure_with_keystones_message() {
        CloudCredentials bad = new CloudCredentials(sim.identityEndpoint(), "demo", "wrong", "Default", "dev", "RegionOne", false, null);
        assertThatThrownBy(() -> identity.check(bad))
                .isInstanceOfSatisfying(CloudFailure.class, f -> {
                    assertThat(f.kind()).isEqualTo(CloudFailure.Kind.AUTH);
                    assertThat(f.status()).isEqualTo(401);
                    assertThat(f.getMessage()).contains("did not accept the credentials");
                });
    }

    @Test
    void a_failure_carries_the_clouds_request_id() {
        sim.failNext("GET", "/identity/v3/regions", 1, 403, "Policy doesn't allow identity:list_regions to be performed.");
        assertThatThrownBy(() -> identity.regions(demo())).isInstanceOfSatisfying(CloudFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(CloudFailure.Kind.FORBIDDEN);
            assertThat(f.requestId()).startsWith("req-");
            assertThat(f.getMessage()).isEqualTo("The account lacks permission to list regions "
                    + "(Policy doesn't allow identity:list_regions to be performed.)");
        });
    }

    @Test
    void an_unknown_project_is_refused() {
        CloudCredentials bad = new CloudCredentials(sim.identityEndpoint(), "demo", "demo", "Default", "nope", "RegionOne", false, null);
        assertThatThrownBy(() -> identity.check(bad)).isInstanceOfSatisfying(CloudFailure.class,
                f -> assertThat(f.kind()).isEqualTo(CloudFailure.Kind.AUTH));
    }

    @Test
    void an_unreachable_endpoint_is_unavailable() {
        CloudCredentials bad = new CloudCredentials("http://127.0.0.1:1/identity/v3", "demo", "demo", "Default", "dev", "RegionOne", false, null);
        assertThatThrownBy(() -> identity.check(bad)).isInstanceOfSatisfying(CloudFailure.class, f -> {
            assertThat(f.kind()).isEqualTo(CloudFailure.Kind.UNAVAILABLE);
            assertThat(f.getMessage()).contains("could not be reached");
        });
    }

    @Test
    void projects_regions_and_domains_are_read() {
        assertThat(identity.projects(demo())).extracting(IdentityApi.Named::name).containsExactly("dev");
        assertThat(identity.regions(demo())).extracting(IdentityApi.Named::id).containsExactly("RegionOne");
        assertThat(identity.domains(demo())).extracting(IdentityApi.Named::name).contains("Default");
    }

    @Test
    void a_service_missing_from_the_catalog_is_named_in_plain_words() {
        sim.omitFromCatalog("load-balancer");
        try {
            CloudSession session = sessions.authenticate(demo());
            session.requireService("compute", "list servers");
            assertThatThrownBy(() -> session.requireService("load-balancer", "create a load balancer"))
                    .isInstanceOfSatisfying(CloudFailure.class, f -> {
                        assertThat(f.kind()).isEqualTo(CloudFailure.Kind.UNAVAILABLE);
                        assertThat(f.getMessage()).isEqualTo("OpenStack cannot create a load balancer: "
                                + "the cloud's service catalog has no 'load-balancer' service in region RegionOne");
                    });
        } finally {
            sim.restoreCatalog();
        }
    }

    @Test
    void the_session_is_reused_until_shortly_before_the_token_expires() {
        CloudSession first = sessions.open(demo());
        assertThat(sessions.open(demo())).isSameAs(first);
        clock.advance(Duration.ofMinutes(56));
        assertThat(sessions.open(demo())).isNotSameAs(first);
    }

    @Test
    void an_admin_makes_a_project_and_a_user_through_openstack4j_and_the_user_signs_in_through_the_adapter() {
        CloudCredentials admin = new CloudCredentials(sim.identityEndpoint(), "admin", "admin", "Default", "admin",
                "RegionOne", false, null);
        OSClient.OSClientV3 os = sessions.open(admin).client();
        Project project = os.identity().projects().create("default", "contract-project", "made by an admin", true);
        assertThat(project.getId()).isNotNull();
        assertThat(os.identity().projects().getByName("contract-project", "default").getId()).isEqualTo(project.getId());
        User user = os.identity().users().create("default", "contract-user", "contract-pw", "c@example.com", true);
        assertThat(os.identity().users().getByName("contract-user", "default").getId()).isEqualTo(user.getId());
        Role member = os.identity().roles().getByName("member").getFirst();
        assertThat(os.identity().roles().list()).extracting(Role::getName).contains("admin", "member", "reader");
        assertThat(os.identity().roles().grantProjectUserRole(project.getId(), user.getId(), member.getId()).isSuccess())
                .isTrue();
        assertThat(os.identity().roles().checkProjectUserRole(project.getId(), user.getId(), member.getId()).isSuccess())
                .isTrue();
        assertThat(os.identity().users().listProjectUserRoles(user.getId(), project.getId())).extracting(Role::getName)
                .containsExactly("member");
        // openstack4j asks for effective assignments: member brings the reader role it implies
        assertThat(os.identity().roles().listRoleAssignments(project.getId())).extracting(RoleAssignment::getRoleId)
                .containsExactlyInAnyOrder(member.getId(), os.identity().roles().getByName("reader").getFirst().getId());

        CloudCredentials own = new CloudCredentials(sim.identityEndpoint(), "contract-user", "contract-pw", "Default",
                "contract-project", "RegionOne", false, null);
        IdentityApi.AuthInfo info = identity.check(own);
        assertThat(info.projectId()).isEqualTo(project.getId());
        assertThat(identity.projects(own)).extracting(IdentityApi.Named::name).containsExactly("contract-project");

        os = sessions.open(admin).client(); // openstack4j's session is per thread: the admin's again
        assertThat(os.identity().users().delete(user.getId()).isSuccess()).isTrue();
        assertThat(os.identity().projects().delete(project.getId()).isSuccess()).isTrue();
        assertThat(os.identity().projects().get(project.getId())).isNull();
        assertThatThrownBy(() -> identity.check(own)).isInstanceOfSatisfying(CloudFailure.class,
                f -> assertThat(f.kind()).isEqualTo(CloudFailure.Kind.AUTH));
    }
}
