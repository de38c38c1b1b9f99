package org.stackport.cluster.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.cluster.ClusterDetails;
import org.stackport.cluster.ClusterService;
import org.stackport.cluster.ClusterSpec;
import org.stackport.cluster.ProfileFixture;
import org.stackport.shared.NotFoundException;
import org.stackport.support.Fixtures;
import org.stackport.support.RunAs;
import org.stackport.tenancy.ProjectRole;
import org.stackport.ui.Times;

/** The cluster list and a cluster's page, browserless: who sees "New cluster", and what the page tells. */
@SpringBootTest
@ActiveProfiles("test")
class ClusterPagesTest extends SpringBrowserlessTest {

    static final String PROFILE = "pages-profile";

    @Autowired
    ProfileFixture profiles;
    @Autowired
    ClusterService clusters;
    @Autowired
    Fixtures fixtures;

    @BeforeEach
    void data() {
        profiles.ensure(PROFILE);
        fixtures.user("pages-viewer", false);
        fixtures.member("default", "pages-viewer", ProjectRole.PROJECT_VIEWER);
        fixtures.user("pages-admin", false);
        fixtures.member("default", "pages-admin", ProjectRole.PROJECT_ADMIN);
    }

    ClusterDetails ensureCluster(String name) {
        return RunAs.admin(() -> {
            try {
                return clusters.get("default", name);
            } catch (NotFoundException e) {
                return clusters.create("default", new ClusterSpec(name, "made by ClusterPagesTest", List.of("env:test"), PROFILE,
                        Map.of(), "local-openstack",
                        new ClusterSpec.Placement("Default", "RegionOne", "dev", "demo-key", "static", "private", "private-subnet",
                                null, null),
                        new ClusterSpec.MasterPool(1, false, Map.of(), List.of(new ClusterSpec.Taint("dedicated", "cp", "NoSchedule")),
                                "m1.small", List.of("az1"), 20),
                        List.of(new ClusterSpec.WorkerPool("workers", 2, new ClusterSpec.Autoscaler(false, null, null), "expand-first",
                                Map.of("tier", "web"), List.of(new ClusterSpec.Taint("gpu", "", "NoExecute")), "m1.small",
                                List.of("az1", "az2"), 20)),
                        new ClusterSpec.Policies(true, false, "0 3 * * 0", new ClusterSpec.Backup("0 2 * * *", 7))));
            }
        });
    }

    @Test
    @WithMockUser(username = "pages-viewer", roles = "USER")
    void a_project_viewer_sees_no_new_cluster_button() {
        ClustersView view = navigate(ClustersView.class);
        assertThat(view.create.isVisible()).isFalse();
        assertThat(view.empty.getElement().getTextRecursively()).doesNotContain("Create one with the wizard");
    }

    @Test
    @WithMockUser(username = "pages-admin", roles = "USER")
    void a_project_admin_sees_the_new_cluster_button() {
        ClustersView view = navigate(ClustersView.class);
        assertThat(view.create.isVisible()).isTrue();
    }

    @Test
    @WithMockUser(username = "admin", roles = {"USER", "TENANT_ADMIN"})
    void a_tenant_admin_sees_the_new_cluster_button() {
        ClustersView view = navigate(ClustersView.class);
        assertThat(view.create.isVisible()).isTrue();
    }

    @Test
    @WithMockUser(username = "pages-viewer", roles = "USER")
    void the_cluster_page_shows_labels_taints_policies_and_a_readable_creation_time() {
        ClusterDetails c = ensureCluster("pages-facts");
        ClusterView view = navigate("clusters/pages-facts", ClusterView.class);
        String text = view.getElement().getTextRecursively();
        assertThat(text).contains("1 × m1.small in az1, 20 GiB; labels none; taints dedicated=cp:NoSchedule")
                .contains("2 node(s) × m1.small in az1, az2, 20 GiB, expand-first; labels tier=web; taints gpu:NoExecute")
                .contains("OS patch on boot on, no reboot; scan schedule 0 3 * * 0; backup schedule 0 2 * * *, kept 7 day(s)")
                .contains(Times.format(c.createdAt(), "—") + " by admin")
                .doesNotContain(c.createdAt().toString());
    }

    @Test
    void the_list_age_says_days_hours_or_minutes() {
        assertThat(ClustersView.age(Instant.now().minusSeconds(3 * 86_400 + 5))).isEqualTo("3d");
        assertThat(ClustersView.age(Instant.now().minusSeconds(90))).isEqualTo("1m");
    }
}
