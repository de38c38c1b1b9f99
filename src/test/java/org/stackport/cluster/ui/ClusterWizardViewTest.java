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
    @Autowired
    org.stackport.support.Fixtures fixtures;

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
        w.masterPool.zones.select("nova");
        PoolForm workers = w.workerPools.getFirst();
        workers.instanceType.setValue("m1.small");
        workers.diskGiB.setValue(20);
        workers.zones.select("nova", "az1");
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
                .contains("sp-<id>-api", "sp-<id>-cp-0", "sp-<id>-worker-pool-0");
        assertThat(w.summary.getElement().getTextRecursively()).contains("autoscaled 1–3");
        assertThat(w.verdict.getElement().getAttribute("tabindex")).isEqualTo("-1");
        org.stackport.cluster.ClusterSpec asked = w.spec();
        test(w.deploy).click();
        assertThat(stored("wizard-good")).isOne();
        // the same request through the service the REST API uses gives the same cluster
        var viaWizard = clusters.get("default", "wizard-good");
        var viaApi = clusters.create("default", new org.stackport.cluster.ClusterSpec("wizard-good-api", asked.description(),
                asked.tags(), asked.profile(), asked.packOverrides(), asked.cloudAccount(), asked.placement(), asked.masterPool(),
                asked.workerPools(), asked.policies()));
        assertThat(viaApi).usingRecursiveComparison().ignoringFields("name", "createdAt", "uid").isEqualTo(viaWizard);
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

    // ---- each step is checked on Next (issue 8, item 17)

    /** The node of the component the last focus call went to since the previous look, if any. */
    com.vaadin.flow.internal.StateNode lastFocused() {
        roundTrip();
        return com.vaadin.flow.component.UI.getCurrent().getInternals().dumpPendingJavaScriptInvocations().stream()
                .filter(i -> i.getInvocation().getExpression().contains("focus("))
                .map(com.vaadin.flow.component.internal.PendingJavaScriptInvocation::getOwner)
                .reduce((first, second) -> second).orElse(null);
    }

    @Test
    void next_keeps_the_first_step_while_the_name_is_missing_and_says_so_on_the_field_and_on_top() {
        ClusterWizardView w = navigate(ClusterWizardView.class);
        test(w.tags).setValue("has space");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 1 of 7: Basic information");
        assertThat(w.name.isInvalid()).isTrue();
        assertThat(w.name.getErrorMessage()).isEqualTo("Is required");
        assertThat(w.tags.isInvalid()).isTrue();
        assertThat(w.stepProblems.getFirst().isVisible()).isTrue();
        assertThat(w.stepProblems.getFirst().problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("Cluster name: is required"))
                .anySatisfy(p -> assertThat(p).startsWith("Tags: use 1-63 letters"));
        assertThat(lastFocused()).isSameAs(w.name.getElement().getNode());

        test(w.name).setValue("Not-Lower");
        test(w.tags).setValue("env:test");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 1 of 7: Basic information");
        assertThat(w.stepProblems.getFirst().problems()).singleElement().asString().startsWith("Cluster name: use 1-63 lower-case");
        assertThat(w.tags.isInvalid()).isFalse();

        test(w.name).setValue("checked-steps");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 2 of 7: Cluster profile");
        assertThat(w.name.isInvalid()).isFalse();
        assertThat(w.stepProblems.getFirst().isVisible()).isFalse();
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 2 of 7: Cluster profile");
        assertThat(w.profile.isInvalid()).isTrue();
        assertThat(w.stepProblems.get(1).problems()).singleElement().asString().isEqualTo("Cluster profile: is required");
    }

    @Test
    void the_placement_pools_and_policies_steps_each_hold_until_their_own_fields_are_right() {
        ClusterWizardView w = navigate(ClusterWizardView.class);
        test(w.name).setValue("wizard-steps");
        test(w.next).click();
        test(w.profile).selectItem("wizard-profile");
        test(w.next).click();
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 4 of 7: Cloud account and placement");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 4 of 7: Cloud account and placement");
        assertThat(w.account.isInvalid()).isTrue();
        test(w.account).selectItem("local-openstack");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 4 of 7: Cloud account and placement");
        assertThat(w.network.isInvalid()).isTrue();
        assertThat(w.stepProblems.get(3).problems()).contains("Network: is required for static placement");
        test(w.placement).selectItem("Dynamic: Stackport creates a network, subnet and router");
        test(w.subnetCidr).setValue("10.20.0.0");
        test(w.next).click();
        assertThat(w.subnetCidr.isInvalid()).isTrue();
        assertThat(w.dnsServers.isInvalid()).isTrue();
        test(w.placement).selectItem("Static: an existing network and subnet");
        test(w.network).selectItem("private");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 5 of 7: Node pools");

        // nobody chose a zone: the pools step says so instead of going on
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 5 of 7: Node pools");
        assertThat(w.masterPool.zones.isInvalid()).isTrue();
        assertThat(w.workerPools.getFirst().zones.isInvalid()).isTrue();
        assertThat(w.stepProblems.get(4).problems())
                .contains("Master pool: Availability zones: choose at least one availability zone",
                        "Worker pool worker-pool: Availability zones: choose at least one availability zone");
        assertThat(lastFocused()).isSameAs(w.masterPool.zones.getElement().getNode());
        w.masterPool.zones.select("az1");
        w.workerPools.getFirst().zones.select("az2");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 6 of 7: Policies");
        assertThat(w.masterPool.zones.isInvalid()).isFalse();

        test(w.backupSchedule).setValue("every night");
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 6 of 7: Policies");
        assertThat(w.backupSchedule.isInvalid()).isTrue();
        assertThat(w.stepProblems.get(5).problems()).singleElement().asString().startsWith("Backup schedule (cron): must be");
        assertThat(stored("wizard-steps")).isZero();
    }

    @Test
    void no_availability_zone_is_chosen_for_the_user() {
        ClusterWizardView w = navigate(ClusterWizardView.class);
        test(w.account).selectItem("local-openstack");
        assertThat(w.masterPool.zones.getListDataView().getItems().toList()).contains("nova", "az1");
        assertThat(w.masterPool.zones.getSelectedItems()).isEmpty();
        assertThat(w.workerPools.getFirst().zones.getSelectedItems()).isEmpty();
        w.addWorkerPool();
        assertThat(w.workerPools.get(1).zones.getSelectedItems()).isEmpty();
        assertThat(w.masterPool.zones.isRequiredIndicatorVisible()).isTrue();
    }

    @Test
    void each_pool_is_a_named_group_and_its_fields_say_which_pool_they_belong_to() {
        ClusterWizardView w = navigate(ClusterWizardView.class);
        w.addWorkerPool();
        PoolForm first = w.workerPools.getFirst();
        assertThat(w.masterPool.title.getText()).isEqualTo("Master pool");
        assertThat(first.title.getText()).isEqualTo("Worker pool worker-pool");
        assertThat(w.masterPool.getElement().getAttribute("role")).isEqualTo("group");
        assertThat(w.masterPool.getElement().getAttribute("aria-labelledby")).isEqualTo(w.masterPool.title.getId().orElseThrow());
        assertThat(first.getElement().getAttribute("aria-labelledby")).isEqualTo(first.title.getId().orElseThrow())
                .isNotEqualTo(w.masterPool.getElement().getAttribute("aria-labelledby"));
        assertThat(w.masterPool.instanceType.getAriaLabel()).contains("Master pool: Instance type");
        assertThat(first.instanceType.getAriaLabel()).contains("Worker pool worker-pool: Instance type");
        assertThat(w.workerPools.get(1).instanceType.getAriaLabel()).contains("Worker pool worker-pool-2: Instance type");
        first.name.setValue("gpu");
        assertThat(first.title.getText()).isEqualTo("Worker pool gpu");
        assertThat(first.diskGiB.getAriaLabel()).contains("Worker pool gpu: Disk size (GiB)");
    }

    @Test
    void each_step_moves_the_focus_to_its_first_field_as_it_shows() {
        ClusterWizardView w = navigate(ClusterWizardView.class);
        assertThat(lastFocused()).isSameAs(w.name.getElement().getNode());
        test(w.name).setValue("wizard-focus");
        test(w.next).click();
        assertThat(lastFocused()).isSameAs(w.profile.getElement().getNode());
        test(w.profile).selectItem("wizard-profile");
        test(w.next).click();
        assertThat(lastFocused()).isSameAs(w.packValues.values().iterator().next().getElement().getNode());
        test(w.next).click();
        assertThat(lastFocused()).isSameAs(w.account.getElement().getNode());
        test(w.account).selectItem("local-openstack");
        test(w.network).selectItem("private");
        test(w.next).click();
        // the master pool's name is fixed: its size is the first field to change
        assertThat(lastFocused()).isSameAs(w.masterPool.masterSize.getElement().getNode());
        test(w.back).click();
        assertThat(lastFocused()).isSameAs(w.account.getElement().getNode());
    }

    @Test
    void the_review_shows_labels_taints_and_policies_and_wraps_the_preflight_details() {
        ClusterWizardView w = toPools("wizard-review");
        test(w.masterPool.taints).setValue("dedicated=cp:NoSchedule");
        test(w.workerPools.getFirst().labels).setValue("tier=web, team=payments");
        test(w.workerPools.getFirst().taints).setValue("gpu:NoExecute");
        test(w.next).click();
        test(w.osPatchOnBoot).click();
        test(w.rebootIfRequired).click();
        test(w.scanSchedule).setValue("0 3 * * 0");
        test(w.backupSchedule).setValue("0 2 * * *");
        test(w.retentionDays).setValue(14);
        test(w.next).click();
        assertThat(w.stepTitle.getText()).isEqualTo("Step 7 of 7: Review");
        String summary = w.summary.getElement().getTextRecursively();
        assertThat(summary).contains("Master pool: 1 × m1.small in nova, 20 GiB; labels none; taints dedicated=cp:NoSchedule.")
                .contains("Worker pool worker-pool: 1 node(s) × m1.small in nova, az1, 20 GiB, expand-first; "
                        + "labels tier=web, team=payments; taints gpu:NoExecute.")
                .contains("Policies: OS patch on boot on, reboot if required; scan schedule 0 3 * * 0; "
                        + "backup schedule 0 2 * * *, kept 14 day(s).");
        assertThat(w.preflight.getThemeNames()).contains("wrap-cell-content");
        assertThat(w.plan.getThemeNames()).contains("wrap-cell-content");
    }

    @Test
    @WithMockUser(username = "wizard-viewer", roles = "USER")
    void a_project_viewer_is_told_up_front_that_the_wizard_is_not_for_them() {
        fixtures.user("wizard-viewer", false);
        fixtures.member("default", "wizard-viewer", org.stackport.tenancy.ProjectRole.PROJECT_VIEWER);
        ClusterWizardView w = navigate(ClusterWizardView.class);
        assertThat(find(org.stackport.ui.EmptyState.class).single().getElement().getTextRecursively())
                .contains("You cannot create clusters in project default");
        assertThat(w.next.isAttached()).isFalse();
    }
}
