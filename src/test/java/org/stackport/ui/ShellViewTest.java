package org.stackport.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.sidenav.SideNav;
import com.vaadin.flow.component.sidenav.SideNavItem;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.test.context.support.WithAnonymousUser;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.account.ui.TenantCloudAccountsView;
import org.stackport.cluster.ui.ClustersView;
import org.stackport.gateway.ui.GatewaysView;
import org.stackport.security.LoginView;
import org.stackport.support.Fixtures;
import org.stackport.tenancy.ProjectRole;
import org.stackport.tenancy.ui.AuditView;
import org.stackport.tenancy.ui.ProjectsView;
import org.stackport.tenancy.ui.UsersView;

@SpringBootTest
@ActiveProfiles("test")
class ShellViewTest extends SpringBrowserlessTest {

    @Autowired
    Fixtures fixtures;

    @BeforeEach
    void data() {
        fixtures.user("shell-padmin", false);
        fixtures.member("shell-one", "shell-padmin", ProjectRole.PROJECT_ADMIN);
        fixtures.member("shell-two", "shell-padmin", ProjectRole.PROJECT_VIEWER);
        fixtures.user("shell-nobody", false);
    }

    private List<String> navLabels() {
        List<String> labels = new ArrayList<>();
        for (SideNavItem item : find(SideNav.class).single().getItems()) {
            labels.add(item.getLabel());
            item.getItems().forEach(child -> labels.add(item.getLabel() + " > " + child.getLabel()));
        }
        return labels;
    }

    @Test
    @WithMockUser(username = "admin", roles = {"USER", "TENANT_ADMIN"})
    void a_tenant_admin_sees_the_seed_navigation_with_tenant_settings() {
        navigate(ClustersView.class);
        assertThat(navLabels()).containsSubsequence(
                "Clusters", "Cluster Profiles",
                "Project Settings", "Project Settings > Cloud Accounts",
                "Tenant Settings", "Tenant Settings > Private Cloud Gateways", "Tenant Settings > Cloud Accounts",
                "Tenant Settings > Projects", "Tenant Settings > Users", "Tenant Settings > API Keys",
                "Tenant Settings > Audit");
    }

    @Test
    @WithMockUser(username = "shell-padmin", roles = "USER")
    void a_project_admin_sees_no_tenant_settings() {
        navigate(ClustersView.class);
        assertThat(navLabels()).contains("Clusters", "Cluster Profiles", "Project Settings > Cloud Accounts")
                .noneMatch(l -> l.startsWith("Tenant Settings"));
    }

    @Test
    @WithMockUser(username = "shell-padmin", roles = "USER")
    void a_project_admin_is_sent_away_from_every_tenant_settings_view() {
        for (Class<? extends com.vaadin.flow.component.Component> view : List.of(ProjectsView.class, UsersView.class,
                AuditView.class, GatewaysView.class, TenantCloudAccountsView.class)) {
            try {
                navigate(view);
            } catch (RuntimeException refused) {
                // navigate() insists on reaching the view; being refused is what we expect
            }
            assertThat(getCurrentView()).as(view.getSimpleName()).isNotInstanceOf(view).isInstanceOf(NotFoundView.class);
            assertThat(find(EmptyState.class).single().getElement().getTextRecursively()).contains("Page not found");
        }
    }

    @Test
    @WithAnonymousUser
    void an_anonymous_visitor_is_sent_to_the_login_view() {
        try {
            navigate(ClustersView.class);
        } catch (RuntimeException refused) {
            // expected: the view is not reachable
        }
        assertThat(getCurrentView()).isInstanceOf(LoginView.class);
    }

    @Test
    @WithMockUser(username = "shell-padmin", roles = "USER")
    void the_project_switcher_offers_the_users_projects_and_switches_the_clusters_view() {
        navigate(ClustersView.class);
        @SuppressWarnings("unchecked")
        Select<String> switcher = (Select<String>) find(Select.class).withId("project-switcher").single();
        assertThat(test(switcher).getSuggestionItems()).containsExactly("shell-one", "shell-two");
        assertThat(find(Span.class).withId("clusters-project").single().getText()).isEqualTo("Project: shell-one");

        test(switcher).selectItem("shell-two");

        assertThat(find(Span.class).withId("clusters-project").single().getText()).isEqualTo("Project: shell-two");
    }

    @Test
    @WithMockUser(username = "shell-nobody", roles = "USER")
    void a_user_without_projects_is_told_to_ask_for_one() {
        navigate(ClustersView.class);
        assertThat(find(Select.class).withId("project-switcher").exists()).as("switcher shown").isFalse();
        assertThat(find(EmptyState.class).single().getElement().getTextRecursively()).contains("not a member of any project");
    }

    @Test
    @WithMockUser(username = "admin", roles = {"USER", "TENANT_ADMIN"})
    void side_nav_items_lead_to_their_views() {
        navigate(ClustersView.class);
        SideNavItem users = find(SideNav.class).single().getItems().stream()
                .filter(i -> i.getLabel().equals("Tenant Settings")).findFirst().orElseThrow()
                .getItems().stream().filter(i -> i.getLabel().equals("Users")).findFirst().orElseThrow();
        assertThat(users.getPath()).isEqualTo("tenant/users");
    }
}
