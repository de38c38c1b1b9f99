package org.stackport.cluster.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.cluster.ProfileFixture;
import org.stackport.simulator.SimulatorLauncher;

/** Each step of the cluster wizard, browserless, against the simulator's inventory. */
@SpringBootTest
@ActiveProfiles("test")
@WithMockUser(username = "admin", roles = {"USER", "TENANT_ADMIN"})
class ClusterWizardViewTest extends SpringBrowserlessTest {

    @Autowired
    ProfileFixture profiles;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    SimulatorLauncher launcher;
    @Autowired
    org.stackport.account.CloudAccountService accounts;
    @Autowired
    org.stackport.cluster.ClusterService clusters;

    @BeforeEach
    void profile() {
        profiles.ensure("wizard-profile");
    }

    long stored(String name) {
        return jdbc.sql("select count(*) from cluster where name = :n").param("n", name).query(Long.class).single();
    }

    /** Walks steps 1-4 with good answers and stops on the node pools step. */
    ClusterWizardView toPools(String name) {
        ClusterWizardView w = navigate(ClusterWizardView.class);
        assertThat(w.stepTitle.getText()).isEqualTo("Step 1 of 7: Basic information");
        test(w.name).setValue(name);
        test(w.tags).setValue("env:test, wizard");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 2 of 7: Cluster profile");
        test(w.next).click();
        assertThat(w.profile.isInvalid()).isTrue();
        test(w.profile).selectItem("wizard-profile");
        assertThat(test(w.layers).size()).isGreaterThanOrEqualTo(4);
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 3 of 7: Parameters");
        assertThat(w.packValues).hasSizeGreaterThanOrEqualTo(4);
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 4 of 7: Cloud account and placement");
        test(w.account).selectItem("local-openstack");
        assertThat(w.sshKey.getValue()).isEqualTo("demo-key");
        assertThat(w.cloudProject.getValue()).isEqualTo("dev");
        test(w.network).selectItem("private");
        assertThat(w.subnet.getValue()).isEqualTo("private-subnet");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 5 of 7: Node pools");
        w.masterPool.instanceType.setValue("m1.small");
        w.masterPool.diskGiB.setValue(20);
        PoolForm workers = w.workerPools.getFirst();
        workers.instanceType.setValue("m1.small");
        workers.diskGiB.setValue(20);
        return w;
    }

    @Test
    void the_whole_walk_reviews_the_plan_and_preflight_and_deploys_a_pending_cluster() {
        ClusterWizardView w = toPools("wizard-good");
        PoolForm workers = w.workerPools.getFirst();
        test(workers.autoscaler).click();
        assertThat(workers.size.isVisible()).isFalse();
        assertThat(workers.min.isVisible()).isTrue();
        workers.min.setValue(1);
        workers.max.setValue(3);
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 6 of 7: Policies");
        test(w.osPatchOnBoot).click();
        test(w.backupSchedule).setValue("0 2 * * *");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 7 of 7: Review");
        assertThat(w.verdict.getText()).startsWith("Every check passes");
        assertThat(IntStream.range(0, test(w.plan).size()).mapToObj(i -> test(w.plan).getRow(i).name()))
                .contains("sp-default-wizard-good-api", "sp-default-wizard-good-cp-0", "sp-default-wizard-good-worker-pool-0");
        assertThat(w.summary.getElement().getTextRecursively()).contains("autoscaled 1–3");
        org.stackport.cluster.ClusterSpec asked = w.spec();
        test(w.deploy).click();
        assertThat(stored("wizard-good")).isOne();
        // the same request through the service the REST API uses gives the same cluster
        var viaWizard = clusters.get("default", "wizard-good");
        var viaApi = clusters.create("default", new org.stackport.cluster.ClusterSpec("wizard-good-api", asked.description(),
                asked.tags(), asked.profile(), asked.packOverrides(), asked.cloudAccount(), asked.placement(), asked.masterPool(),
                asked.workerPools(), asked.policies()));
        assertThat(viaApi).usingRecursiveComparison().ignoringFields("name", "createdAt").isEqualTo(viaWizard);
        assertThat(jdbc.sql("select status from cluster where name = 'wizard-good'").query(String.class).single()).isEqualTo("Pending");
    }

    @Test
    void a_yaml_error_in_a_pack_stays_on_the_parameters_step_next_to_that_pack() {
        ClusterWizardView w = navigate(ClusterWizardView.class);
        test(w.name).setValue("wizard-yaml");
        test(w.next).click();
        test(w.profile).selectItem("wizard-profile");
        test(w.next).click();
        var first = w.packValues.entrySet().iterator().next();
        String original = first.getValue().getValue();
        test(first.getValue()).setValue("key: [unclosed");
        assertThat(w.packDiffs.get(first.getKey()).isVisible()).isTrue();
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 3 of 7: Parameters");
        assertThat(first.getValue().isInvalid()).isTrue();
        test(first.getValue()).setValue(original);
        assertThat(w.packDiffs.get(first.getKey()).isVisible()).isFalse();
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 4 of 7: Cloud account and placement");
    }

    @Test
    void a_bad_label_sends_the_user_back_to_the_pool_with_the_message_on_the_field() {
        ClusterWizardView w = toPools("wizard-label");
        test(w.workerPools.getFirst().labels).setValue("-bad=x");
        test(w.next).click();
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 5 of 7: Node pools");
        assertThat(w.workerPools.getFirst().labels.isInvalid()).isTrue();
        assertThat(w.workerPools.getFirst().labels.getErrorMessage()).contains("-bad");
    }

    @Test
    void a_quota_too_low_shows_on_the_review_with_the_numbers_and_deploy_stays_off() {
        var sim = launcher.simulator();
        int used = sim.quotaUsage("dev", "instances");
        long limit = accounts.quota("local-openstack").items().stream().filter(i -> i.resource().equals("instances"))
                .findFirst().orElseThrow().limit();
        ClusterWizardView w = toPools("wizard-quota");
        try {
            sim.setQuota("dev", "instances", used + 1);
            test(w.next).click();
            test(w.next).click();
            assertThat(w.stepTitle.getText()).isEqualTo("Step 7 of 7: Review");
            assertThat(w.verdict.getText()).contains("check(s) fail");
            assertThat(w.deploy.isEnabled()).isFalse();
            assertThat(IntStream.range(0, test(w.preflight).size()).mapToObj(i -> test(w.preflight).getRow(i))
                    .filter(c -> c.field().equals("quota.instances")).findFirst().orElseThrow().detail())
                    .isEqualTo("2 needed, 1 left (limit " + (used + 1) + ", " + used + " used)");
        } finally {
            sim.setQuota("dev", "instances", (int) limit);
        }
        assertThat(stored("wizard-quota")).isZero();
    }

    /** A wrong entry in the wizard, the field it must be shown on, and the step that holds it. */
    static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> wrongEntries() {
        return java.util.stream.Stream.of(
                org.junit.jupiter.params.provider.Arguments.of("bad tag", (java.util.function.Function<ClusterWizardView, com.vaadin.flow.component.HasValidation>) w -> {
                    w.tags.setValue("has space");
                    return w.tags;
                }, "Step 1 of 7: Basic information"),
                org.junit.jupiter.params.provider.Arguments.of("master taint effect", (java.util.function.Function<ClusterWizardView, com.vaadin.flow.component.HasValidation>) w -> {
                    w.masterPool.taints.setValue("dedicated=cp:Never");
                    return w.masterPool.taints;
                }, "Step 5 of 7: Node pools"),
                org.junit.jupiter.params.provider.Arguments.of("worker label value", (java.util.function.Function<ClusterWizardView, com.vaadin.flow.component.HasValidation>) w -> {
                    w.workerPools.getFirst().labels.setValue("tier=not ok");
                    return w.workerPools.getFirst().labels;
                }, "Step 5 of 7: Node pools"),
                org.junit.jupiter.params.provider.Arguments.of("autoscaler bounds", (java.util.function.Function<ClusterWizardView, com.vaadin.flow.component.HasValidation>) w -> {
                    w.workerPools.getFirst().autoscaler.setValue(true);
                    w.workerPools.getFirst().min.setValue(4);
                    w.workerPools.getFirst().max.setValue(2);
                    return w.workerPools.getFirst().min;
                }, "Step 5 of 7: Node pools"),
                org.junit.jupiter.params.provider.Arguments.of("disk below the image", (java.util.function.Function<ClusterWizardView, com.vaadin.flow.component.HasValidation>) w -> {
                    w.masterPool.diskGiB.setValue(5);
                    return w.masterPool.diskGiB;
                }, "Step 7 of 7: Review"),
                org.junit.jupiter.params.provider.Arguments.of("second pool with the same name", (java.util.function.Function<ClusterWizardView, com.vaadin.flow.component.HasValidation>) w -> {
                    w.addWorkerPool();
                    w.workerPools.get(1).name.setValue("worker-pool");
                    return w.workerPools.get(1).name;
                }, "Step 5 of 7: Node pools"),
                org.junit.jupiter.params.provider.Arguments.of("dynamic subnet overlapping the account's", (java.util.function.Function<ClusterWizardView, com.vaadin.flow.component.HasValidation>) w -> {
                    w.placement.setValue("dynamic");
                    w.subnetCidr.setValue("10.0.0.0/24");
                    w.dnsServers.setValue("8.8.8.8");
                    return w.subnetCidr;
                }, "Step 7 of 7: Review"),
                org.junit.jupiter.params.provider.Arguments.of("bad DNS server", (java.util.function.Function<ClusterWizardView, com.vaadin.flow.component.HasValidation>) w -> {
                    w.placement.setValue("dynamic");
                    w.subnetCidr.setValue("10.77.0.0/24");
                    w.dnsServers.setValue("dns.example");
                    return w.dnsServers;
                }, "Step 4 of 7: Cloud account and placement"),
                org.junit.jupiter.params.provider.Arguments.of("scan schedule", (java.util.function.Function<ClusterWizardView, com.vaadin.flow.component.HasValidation>) w -> {
                    w.scanSchedule.setValue("every day");
                    return w.scanSchedule;
                }, "Step 6 of 7: Policies"),
                org.junit.jupiter.params.provider.Arguments.of("backup retention", (java.util.function.Function<ClusterWizardView, com.vaadin.flow.component.HasValidation>) w -> {
                    w.backupSchedule.setValue("0 2 * * *");
                    w.retentionDays.setValue(0);
                    return w.retentionDays;
                }, "Step 6 of 7: Policies"));
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.MethodSource("wrongEntries")
    void each_wrong_entry_is_shown_on_its_field_and_step(String entry,
            java.util.function.Function<ClusterWizardView, com.vaadin.flow.component.HasValidation> wrong, String step) {
        ClusterWizardView w = toPools("wizard-wrong");
        com.vaadin.flow.component.HasValidation field = wrong.apply(w);
        test(w.next).click();
        test(w.next).click();
        assertThat(w.stepTitle.getText()).as(entry).isEqualTo(step);
        if (step.startsWith("Step 7")) {
            // the request itself is fine; what the cloud cannot give fails the preflight on the review page
            assertThat(w.deploy.isEnabled()).isFalse();
            assertThat(w.review.failures()).as(entry).isNotEmpty();
        } else {
            assertThat(field.isInvalid()).as(entry).isTrue();
            assertThat(field.getErrorMessage()).as(entry).isNotBlank();
        }
        assertThat(stored("wizard-wrong")).isZero();
    }
}
