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
        test(w.deploy).click();
        assertThat(stored("wizard-good")).isOne();
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
}
