package org.stackport.cluster.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.ComponentUtil;
import com.vaadin.flow.component.PollEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.notification.Notification;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.cluster.ClusterLifecycle;
import org.stackport.cluster.ClusterService;
import org.stackport.cluster.ClusterSpec;
import org.stackport.cluster.ProfileFixture;
import org.stackport.provisioning.ProvisioningEngine;
import org.stackport.shared.ConflictException;
import org.stackport.support.Fixtures;
import org.stackport.support.RunAs;
import org.stackport.tenancy.ProjectRole;

/**
 * A cluster's page follows the cluster without a reload and offers what its state and the user's role allow. The
 * engine does not run here: the tests move the cluster as the engine would report it, and tick the page's poll.
 */
@SpringBootTest
@ActiveProfiles("test")
class ClusterLiveViewTest extends SpringBrowserlessTest {

    static final String PROFILE = "live-profile";

    @Autowired
    ProfileFixture profiles;
    @Autowired
    ClusterService clusters;
    @Autowired
    ClusterLifecycle lifecycle;
    @Autowired
    ProvisioningEngine engine;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    @BeforeEach
    void data() {
        profiles.ensure(PROFILE);
        fixtures.user("live-viewer", false);
        fixtures.member("default", "live-viewer", ProjectRole.PROJECT_VIEWER);
        fixtures.user("live-admin", false);
        fixtures.member("default", "live-admin", ProjectRole.PROJECT_ADMIN);
    }

    /** What a test made is taken down as the engine would: aborted or deleted, passes until Deleted. */
    @AfterEach
    void takeDown() {
        List<Long> left = jdbc.sql("select id from cluster where live_name is not null and name like 'live-%'")
                .query(Long.class).list();
        for (long id : left) {
            jdbc.sql("update cluster set status = case when status in ('Pending', 'Provisioning') then 'Aborting' "
                    + "when status in ('Running', 'Failed') then 'Deleting' else status end where id = ?").param(id).update();
            Instant end = Instant.now().plus(Duration.ofMinutes(1));
            Optional<Instant> next = engine.pass(id);
            while (next.isPresent() && Instant.now().isBefore(end)) {
                next = engine.pass(id);
            }
            assertThat(jdbc.sql("select status from cluster where id = ?").param(id).query(String.class).single())
                    .isEqualTo("Deleted");
        }
    }

    long create(String name) {
        RunAs.admin(() -> clusters.create("default", new ClusterSpec(name, "made by ClusterLiveViewTest", List.of(),
                PROFILE, Map.of(), "local-openstack",
                new ClusterSpec.Placement("Default", "RegionOne", "dev", "demo-key", "static", "private", "private-subnet",
                        null, null),
                new ClusterSpec.MasterPool(1, true, Map.of(), List.of(), "m1.small", List.of("az1"), 20), List.of(),
                new ClusterSpec.Policies(false, false, null, null))));
        return jdbc.sql("select id from cluster where name = ? and live_name is not null").param(name)
                .query(Long.class).single();
    }

    /** What the browser's poll does every two seconds while the cluster moves. */
    void tick() {
        ComponentUtil.fireEvent(UI.getCurrent(), new PollEvent(UI.getCurrent(), true));
    }

    String status(ClusterView view) {
        return view.status.getElement().getTextRecursively();
    }

    Notification lastNotification() {
        List<Notification> all = find(Notification.class).all();
        assertThat(all).isNotEmpty();
        return all.getLast();
    }

    @Test
    @WithMockUser(username = "live-viewer", roles = "USER")
    void a_viewer_watches_the_cluster_but_sees_no_buttons() {
        long id = create("live-viewer-watch");
        ClusterView view = navigate("clusters/live-viewer-watch", ClusterView.class);
        assertThat(status(view)).isEqualTo("Pending");
        assertThat(view.polling.wanted()).as("polls while Pending").isTrue();
        assertThat(view.actions.abort.isVisible()).isFalse();
        assertThat(view.actions.delete.isVisible()).isFalse();
        assertThat(view.actions.forceDelete.isVisible()).isFalse();

        lifecycle.report(id, "Pending", "Running", "all 1 node(s) ACTIVE", 100);
        tick();
        assertThat(status(view)).isEqualTo("Running");
        assertThat(view.polling.wanted()).as("a cluster at rest is not polled").isFalse();
        assertThat(view.actions.delete.isVisible()).isFalse();
        assertThat(view.actions.kubeconfig.isVisible()).as("viewers may not download the kubeconfig").isFalse();
    }

    @Test
    @WithMockUser(username = "live-admin", roles = "USER")
    void the_page_follows_progress_without_a_reload() {
        long id = create("live-progress");
        ClusterView view = navigate("clusters/live-progress", ClusterView.class);
        assertThat(view.live.percent.getText()).isEqualTo("queued");
        assertThat(view.tables.steps.isVisible()).isFalse();

        lifecycle.report(id, "Pending", "Provisioning", "3 of 9 steps done", 45);
        tick();
        assertThat(status(view)).isEqualTo("Provisioning 45%");
        assertThat(view.live.bar.getValue()).isEqualTo(45.0);
        assertThat(view.live.percent.getText()).isEqualTo("45%");
        assertThat(view.live.detail.getText()).isEqualTo("3 of 9 steps done");
        assertThat(view.live.endpoint.getText()).isEqualTo("not yet known");
        assertThat(view.actions.abort.isVisible()).isTrue();
        assertThat(view.actions.delete.isVisible()).as("delete is for Running or Failed").isFalse();

        ClustersView list = navigate(ClustersView.class);
        int row = java.util.stream.IntStream.range(0, test(list.grid).size())
                .filter(i -> test(list.grid).getRow(i).name().equals("live-progress")).findFirst().orElseThrow();
        assertThat(test(list.grid).getCellComponent(row, 1).getElement().getTextRecursively()).isEqualTo("Provisioning 45%");
        assertThat(list.polling.wanted()).as("the list polls while a listed cluster moves").isTrue();
    }

    @Test
    @WithMockUser(username = "live-admin", roles = "USER")
    void abort_asks_first_then_the_cluster_is_aborting() {
        create("live-abort");
        ClusterView view = navigate("clusters/live-abort", ClusterView.class);
        test(view.actions.abort).click();
        test(find(ConfirmDialog.class).single()).confirm();
        assertThat(status(view)).startsWith("Aborting");
        assertThat(view.actions.abort.isVisible()).isFalse();
        assertThat(view.actions.forceDelete.isVisible()).isTrue();
        assertThat(view.actions.forceDelete.isEnabled()).isFalse();
    }

    @Test
    @WithMockUser(username = "live-admin", roles = "USER")
    void delete_opens_only_for_the_exact_name_then_force_delete_counts_down_and_opens_after_15_minutes() {
        long id = create("live-delete");
        lifecycle.report(id, "Pending", "Running", "all 1 node(s) ACTIVE", 100);
        ClusterView view = navigate("clusters/live-delete", ClusterView.class);
        assertThat(view.actions.kubeconfig.isVisible()).as("an admin downloads a Running cluster's kubeconfig").isTrue();
        assertThat(view.actions.abort.isVisible()).isFalse();
        assertThat(view.actions.forceDelete.isVisible()).isFalse();
        test(view.actions.delete).click();
        DeleteClusterDialog dialog = find(DeleteClusterDialog.class).single();
        assertThat(dialog.confirm.isEnabled()).isFalse();
        test(dialog.typed).setValue("live-delet");
        assertThat(dialog.confirm.isEnabled()).isFalse();
        test(dialog.typed).setValue("Live-Delete");
        assertThat(dialog.confirm.isEnabled()).isFalse();
        test(dialog.typed).setValue("live-delete ");
        assertThat(dialog.confirm.isEnabled()).isFalse();
        test(dialog.typed).setValue("live-delete");
        assertThat(dialog.confirm.isEnabled()).isTrue();
        test(dialog.confirm).click();

        assertThat(status(view)).startsWith("Deleting");
        assertThat(view.actions.delete.isVisible()).isFalse();
        assertThat(view.actions.forceDelete.isVisible()).isTrue();
        assertThat(view.actions.forceDelete.isEnabled()).isFalse();
        assertThat(view.actions.forceDelete.getText()).matches("Force delete in 1[45] min \\d{1,2} s");

        jdbc.sql("update cluster set deleting_since = ? where id = ?")
                .params(java.sql.Timestamp.from(Instant.now().minus(Duration.ofMinutes(16))), id).update();
        tick();
        assertThat(view.actions.forceDelete.isEnabled()).isTrue();
        assertThat(view.actions.forceDelete.getText()).isEqualTo("Force delete");
        test(view.actions.forceDelete).click();
        ForceDeleteDialog force = find(ForceDeleteDialog.class).single();
        assertThat(force.text.getText()).contains("may remain in the cloud");
        test(force.confirm).click();
        assertThat(force.text.getText()).isEqualTo("Nothing of it remains in the cloud.");
        assertThat(view.getElement().getTextRecursively()).contains("Cluster live-delete is gone").contains("All clusters");
    }

    @Test
    @WithMockUser(username = "live-demoted", roles = "USER")
    void a_refusal_of_the_service_is_shown_in_plain_words() {
        fixtures.user("live-demoted", false);
        fixtures.member("default", "live-demoted", ProjectRole.PROJECT_ADMIN);
        create("live-refused");
        ClusterView view = navigate("clusters/live-refused", ClusterView.class);
        // the button was shown to an admin; by the time it is clicked the role is gone, and the service decides
        fixtures.member("default", "live-demoted", ProjectRole.PROJECT_VIEWER);
        test(view.actions.abort).click();
        test(find(ConfirmDialog.class).single()).confirm();
        assertThat(test(lastNotification()).getText())
                .isEqualTo("Your role in project default lets you look at clusters, not change them: a project admin or "
                        + "tenant admin can.");
        assertThat(status(view)).isEqualTo("Pending");
    }

    @Test
    void refusals_read_without_rest_paths_and_time_left_reads_in_minutes_and_seconds() {
        assertThat(ClusterActions.plain(new ConflictException("Cluster 'x' is still being provisioned; abort it instead "
                + "(POST .../clusters/x/abort)."), "default")).isEqualTo("Cluster 'x' is still being provisioned; abort it instead.");
        assertThat(ClusterActions.plain(new AccessDeniedException("Access Denied"), "dev")).startsWith("Your role in project dev");
        assertThat(ClusterActions.timeLeft(750)).isEqualTo("12 min 30 s");
        assertThat(ClusterActions.timeLeft(45)).isEqualTo("45 s");
        assertThat(ClusterStatus.label("Provisioning", 45)).isEqualTo("Provisioning 45%");
        assertThat(ClusterStatus.label("Pending", 0)).isEqualTo("Pending");
        assertThat(ClusterStatus.label("Running", 100)).isEqualTo("Running");
    }
}
