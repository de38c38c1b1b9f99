package org.stackport.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.groups.Tuple.tuple;
import static org.quartz.JobBuilder.newJob;
import static org.quartz.TriggerBuilder.newTrigger;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.impl.jdbcjobstore.JobStoreSupport;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.stackport.security.AccountDirectory;
import org.stackport.security.StackportPrincipal;
import org.stackport.shared.ValidationException;
import org.stackport.support.RunAs;
import org.stackport.support.TestApplication;
import org.stackport.tenancy.ApiKeyInfo;
import org.stackport.tenancy.ApiKeyService;
import org.stackport.tenancy.NewApiKey;
import org.stackport.tenancy.ProjectMember;
import org.stackport.tenancy.ProjectRole;
import org.stackport.tenancy.ProjectService;
import org.stackport.tenancy.ProjectSummary;
import org.stackport.tenancy.UserService;
import org.stackport.tenancy.UserSummary;

/**
 * The same checks for every database Stackport supports: the whole application starts on it with
 * Quartz running, the migrations apply, the bootstrap runs, and tenancy data goes in and out through
 * the services. A subclass provides the database; one application context serves all its tests.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DatabaseChecks {

    private static final String PASSWORD = "Checked-Password-9";

    // Static: JUnit fills instance fields only before each test, too late for @BeforeAll.
    @TempDir
    static Path dataDir;

    ConfigurableApplicationContext app;

    /** Starts the database if needed; returns the {@code --spring.datasource.*} arguments for it. */
    abstract List<String> startDatabase(Path directory);

    abstract void stopDatabase();

    /** Whether Quartz should run clustered on this database. */
    abstract boolean clustered();

    @BeforeAll
    void startApplication() {
        List<String> arguments = new ArrayList<>(startDatabase(dataDir));
        arguments.add("--stackport.data-dir=" + dataDir);
        arguments.add("--spring.quartz.auto-startup=true");
        app = TestApplication.start(arguments.toArray(String[]::new));
    }

    @AfterAll
    void stopApplication() {
        try {
            if (app != null) {
                app.close();
            }
        } finally {
            // After the application, so its pool and Quartz do not lose the server under them.
            stopDatabase();
        }
    }

    JdbcClient jdbc() {
        return app.getBean(JdbcClient.class);
    }

    long count(String sql, Object... parameters) {
        return jdbc().sql(sql).params(parameters).query(Long.class).single();
    }

    @Test
    void every_migration_is_applied_successfully() {
        var info = app.getBean(Flyway.class).info();
        assertThat(info.pending()).isEmpty();
        assertThat(info.applied()).extracting(m -> m.getVersion().getVersion()).startsWith("1", "2");
        assertThat(info.applied()).allMatch(m -> m.getState().isApplied() && !m.getState().isFailed(),
                "applied and not failed");
        // And from the table itself (Flyway quotes its lower-case names, also on H2).
        assertThat(jdbc().sql("""
                        select "version" from "flyway_schema_history"
                        where "version" is not null and "success" order by "installed_rank"
                        """)
                .query(String.class).list())
                .containsSubsequence("1", "2")
                .hasSize(info.applied().length);
    }

    @Test
    void the_first_start_creates_the_default_tenant_project_and_admin() {
        assertThat(count("select count(*) from tenant where name = 'default'")).isEqualTo(1);
        assertThat(count("select count(*) from project p join tenant t on t.id = p.tenant_id "
                + "where p.name = 'default' and t.name = 'default'")).isEqualTo(1);
        assertThat(count("select count(*) from app_user where username = 'admin' and tenant_admin")).isEqualTo(1);
        RunAs.admin(() -> assertThat(app.getBean(ProjectService.class).get("default").name()).isEqualTo("default"));
    }

    @Test
    void quartz_runs_on_the_jdbc_job_store() throws Exception {
        Scheduler scheduler = app.getBean(Scheduler.class);
        var meta = scheduler.getMetaData();
        assertThat(scheduler.isStarted()).isTrue();
        assertThat(meta.isJobStoreSupportsPersistence()).isTrue();
        assertThat(JobStoreSupport.class).isAssignableFrom(meta.getJobStoreClass());
        assertThat(meta.isJobStoreClustered()).isEqualTo(clustered());
        if (clustered()) {
            // A clustered scheduler checks in to the database as soon as it runs.
            assertThat(count("select count(*) from qrtz_scheduler_state where sched_name = ?",
                    scheduler.getSchedulerName())).isEqualTo(1);
        }
    }

    @Test
    void a_scheduled_job_is_stored_in_the_quartz_tables() throws Exception {
        Scheduler scheduler = app.getBean(Scheduler.class);
        JobKey key = JobKey.jobKey("stored-" + getClass().getSimpleName(), "persistence-checks");
        try {
            scheduler.scheduleJob(
                    newJob(NothingJob.class).withIdentity(key).usingJobData("project", "alpha").build(),
                    newTrigger().forJob(key).startAt(Date.from(Instant.now().plus(1, ChronoUnit.DAYS))).build());

            assertThat(count("select count(*) from qrtz_job_details where sched_name = ? and job_name = ? and job_group = ?",
                    scheduler.getSchedulerName(), key.getName(), key.getGroup())).isEqualTo(1);
            assertThat(count("select count(*) from qrtz_triggers where sched_name = ? and job_name = ? and trigger_state = 'WAITING'",
                    scheduler.getSchedulerName(), key.getName())).isEqualTo(1);
            assertThat(scheduler.getJobDetail(key).getJobDataMap().getString("project")).isEqualTo("alpha");
        } finally {
            scheduler.deleteJob(key);
        }
        assertThat(count("select count(*) from qrtz_job_details where job_name = ?", key.getName())).isZero();
    }

    @Test
    void projects_users_memberships_and_api_keys_are_stored_and_read_back() {
        var projects = app.getBean(ProjectService.class);
        var users = app.getBean(UserService.class);
        var apiKeys = app.getBean(ApiKeyService.class);
        var key = new AtomicReference<NewApiKey>();
        RunAs.admin(() -> {
            ProjectSummary created = projects.create("checked", "  made by the database checks ");
            assertThat(created.description()).isEqualTo("made by the database checks");
            ProjectSummary read = projects.get("checked");
            assertThat(read.description()).isEqualTo(created.description());
            // The database keeps microseconds; the returned summary has the clock's nanoseconds.
            assertThat(read.createdAt()).isCloseTo(created.createdAt(), within(1, ChronoUnit.MICROS));
            assertThat(projects.list(0, 100)).extracting(ProjectSummary::name).contains("default", "checked");

            users.create("checker", PASSWORD, false);
            assertThat(users.list(0, 100)).extracting(UserSummary::username).contains("admin", "checker");

            projects.setMember("checked", "checker", ProjectRole.PROJECT_VIEWER);
            projects.setMember("checked", "checker", ProjectRole.PROJECT_ADMIN);
            assertThat(projects.members("checked")).extracting(ProjectMember::username, ProjectMember::role)
                    .containsExactly(tuple("checker", ProjectRole.PROJECT_ADMIN));

            key.set(apiKeys.create("checker", "ci", Instant.now().plus(30, ChronoUnit.DAYS)));
            assertThat(apiKeys.list("checker")).extracting(ApiKeyInfo::id, ApiKeyInfo::name)
                    .containsExactly(tuple(key.get().id(), "ci"));
        });
        // The key itself is stored only as a hash, and that hash finds its owner.
        assertThat(app.getBean(AccountDirectory.class).authenticateApiKey(key.get().key()))
                .map(StackportPrincipal::username).contains("checker");
        // The member sees the project as theirs, read through the membership table.
        RunAs.user("checker", () -> assertThat(projects.list(0, 100)).extracting(ProjectSummary::name)
                .containsExactly("checked"));
        assertThat(count("select count(*) from api_key where key_hash = ? or key_prefix = ?",
                key.get().key(), key.get().key())).isZero();
    }

    @Test
    void gateways_profiles_and_clusters_are_stored_and_queried_on_this_database() {
        var clusters = app.getBean(org.stackport.cluster.ClusterService.class);
        var accounts = app.getBean(org.stackport.account.CloudAccountService.class);
        var gateways = app.getBean(org.stackport.gateway.GatewayService.class);
        RunAs.admin(() -> {
            // the first start registered the embedded OpenStack and made the starter profile, through the services
            assertThat(gateways.details("local-gateway").events()).isNotEmpty();
            var spec = new org.stackport.cluster.ClusterSpec("db-check", "stored on " + getClass().getSimpleName(),
                    java.util.List.of("db_check", "x"), "ubuntu-k8s", java.util.Map.of(), "local-openstack",
                    new org.stackport.cluster.ClusterSpec.Placement("Default", "RegionOne", "dev", "demo-key", "static",
                            "private", "private-subnet", null, null),
                    new org.stackport.cluster.ClusterSpec.MasterPool(1, true, java.util.Map.of(), java.util.List.of(),
                            "m1.small", java.util.List.of("az1"), 20),
                    java.util.List.of(), null);
            assertThat(clusters.create("default", spec).status()).isEqualTo("Pending");
            assertThat(clusters.list("default", "Pending", "db_check", 0, 10).items())
                    .extracting(org.stackport.cluster.ClusterSummary::name).containsExactly("db-check");
            // '_' in a tag is no wildcard
            assertThat(clusters.list("default", null, "db-check", 0, 10).total()).isZero();
            assertThat(clusters.list("default", "Running", null, 0, 10).total()).isZero();
            assertThat(clusters.get("default", "db-check").profileVersion()).isEqualTo("1.0.0");
            assertThatThrownBy(() -> accounts.delete("local-openstack"))
                    .isInstanceOf(org.stackport.shared.ConflictException.class).hasMessageContaining("default/db-check");
        });
    }

    @Test
    void a_duplicate_project_name_is_refused_on_the_name_field_and_nothing_is_stored() {
        var projects = app.getBean(ProjectService.class);
        RunAs.admin(() -> projects.create("twice", "first"));
        long before = count("select count(*) from project");

        RunAs.admin(() -> assertThatThrownBy(() -> projects.create("twice", "second"))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.messageFor("name")).contains("already exists")));

        assertThat(count("select count(*) from project")).isEqualTo(before);
        RunAs.admin(() -> assertThat(projects.get("twice").description()).isEqualTo("first"));
        assertThat(count("select count(*) from audit_event where action = 'project.create' "
                + "and target = 'project/twice' and outcome = 'rejected'")).isEqualTo(1);
    }

    @Test
    void a_duplicate_username_is_refused_on_the_username_field() {
        var users = app.getBean(UserService.class);
        RunAs.admin(() -> users.create("twin", PASSWORD, false));

        RunAs.admin(() -> assertThatThrownBy(() -> users.create("twin", PASSWORD, true))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.messageFor("username")).contains("already exists")));

        assertThat(count("select count(*) from app_user where username = 'twin' and not tenant_admin")).isEqualTo(1);
    }

    /** Never runs: its trigger is a day away and the job is deleted at once. */
    public static class NothingJob implements Job {
        @Override
        public void execute(JobExecutionContext context) {
        }
    }
}
