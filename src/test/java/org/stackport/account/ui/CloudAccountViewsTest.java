package org.stackport.account.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.simulator.SimulatorLauncher;
import org.stackport.support.Fixtures;
import org.stackport.tenancy.ProjectRole;

@SpringBootTest
@ActiveProfiles("test")
class CloudAccountViewsTest extends SpringBrowserlessTest {

    @Autowired
    SimulatorLauncher launcher;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;

    void fill(String name, String password) {
        test(find(Button.class).withId("new-cloud-account").single()).click();
        test(find(TextField.class).withId("account-name").single()).setValue(name);
        test(find(TextField.class).withId("account-username").single()).setValue("demo");
        test(find(PasswordField.class).withId("account-password").single()).setValue(password);
        test(find(TextField.class).withId("account-endpoint").single()).setValue(launcher.simulator().identityEndpoint());
        test(find(TextField.class).withId("account-project").single()).setValue("dev");
        test(find(Button.class).withId("create-cloud-account").single()).click();
    }

    @Test
    @WithMockUser(username = "admin", roles = {"USER", "TENANT_ADMIN"})
    void keystones_refusal_is_shown_next_to_the_password_and_a_good_account_is_listed() {
        TenantCloudAccountsView view = navigate(TenantCloudAccountsView.class);
        fill("view-account", "wrong-password");
        PasswordField password = find(PasswordField.class).withId("account-password").single();
        assertThat(password.isInvalid()).isTrue();
        assertThat(password.getErrorMessage()).contains("Keystone refused");
        assertThat(jdbc.sql("select count(*) from cloud_account where name = 'view-account'").query(Long.class).single()).isZero();

        test(find(PasswordField.class).withId("account-password").single()).setValue("demo");
        test(find(Button.class).withId("create-cloud-account").single()).click();
        assertThat(IntStream.range(0, test(view.panel.grid).size()).mapToObj(i -> test(view.panel.grid).getRow(i).name()))
                .contains("view-account");
    }

    @Test
    @WithMockUser(username = "view-acct-padmin", roles = "USER")
    void a_project_admin_registers_an_account_for_the_current_project() {
        fixtures.user("view-acct-padmin", false);
        fixtures.member("view-acct-p", "view-acct-padmin", ProjectRole.PROJECT_ADMIN);
        ProjectCloudAccountsView view = navigate(ProjectCloudAccountsView.class);
        fill("view-project-account", "demo");
        assertThat(IntStream.range(0, test(view.panel.grid).size()).mapToObj(i -> test(view.panel.grid).getRow(i)))
                .anySatisfy(a -> {
                    assertThat(a.name()).isEqualTo("view-project-account");
                    assertThat(a.project()).isEqualTo("view-acct-p");
                    assertThat(a.password()).isEqualTo("********");
                });
    }

    @Test
    @WithMockUser(username = "admin", roles = {"USER", "TENANT_ADMIN"})
    void the_quota_dialog_shows_a_bar_per_resource_with_used_of_limit() {
        TenantCloudAccountsView view = navigate(TenantCloudAccountsView.class);
        var local = IntStream.range(0, test(view.panel.grid).size()).mapToObj(i -> test(view.panel.grid).getRow(i))
                .filter(a -> a.name().equals("local-openstack")).findFirst().orElseThrow();
        view.panel.quota(local);
        roundTrip();
        assertThat(view.panel.quotaPanel.items).hasSize(10);
        String text = view.panel.quotaPanel.getElement().getTextRecursively();
        int used = launcher.simulator().quotaUsage("dev", "network");
        assertThat(text).contains("Networks: " + used + " of ").contains("Load balancers: ").contains("RAM: ")
                .contains(" MiB used");
        assertThat(find(com.vaadin.flow.component.progressbar.ProgressBar.class).all()).hasSizeGreaterThanOrEqualTo(9);
    }
}
