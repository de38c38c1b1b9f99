package org.stackport.account.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.contextmenu.MenuItem;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarTester;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.account.CloudAccountCommand;
import org.stackport.account.CloudAccountService;
import org.stackport.account.CloudAccountView;
import org.stackport.security.SecretCipher;
import org.stackport.simulator.SimulatorLauncher;
import org.stackport.support.Fixtures;
import org.stackport.tenancy.ProjectRole;
import org.stackport.ui.EmptyState;

@SpringBootTest
@ActiveProfiles("test")
class CloudAccountViewsTest extends SpringBrowserlessTest {

    @Autowired
    SimulatorLauncher launcher;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    CloudAccountService accounts;
    @Autowired
    SecretCipher cipher;

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
        assertThat(view.panel.quotaPanel.items).hasSize(12);
        String text = view.panel.quotaPanel.getElement().getTextRecursively();
        int used = launcher.simulator().quotaUsage("dev", "network");
        assertThat(text).contains("Networks: " + used + " of ").contains("Load balancers: ").contains("RAM: ")
                .contains(" MiB used").contains("Servers per server group: at most 10 (each node pool is one server group)");
        assertThat(find(com.vaadin.flow.component.progressbar.ProgressBar.class).all()).hasSizeGreaterThanOrEqualTo(9);
    }

    CloudAccountView register(String name, String scope, String project) {
        return accounts.create(new CloudAccountCommand(name, null, "demo", "demo", launcher.simulator().identityEndpoint(),
                null, false, "RegionOne", "Default", "dev", scope, project));
    }

    MenuBar actionsOf(CloudAccountsPanel panel, String account) {
        int row = IntStream.range(0, test(panel.grid).size()).filter(i -> test(panel.grid).getRow(i).name().equals(account))
                .findFirst().orElseThrow(() -> new AssertionError(account + " is not listed"));
        return (MenuBar) test(panel.grid).getCellComponent(row, "actions");
    }

    List<String> actionNames(CloudAccountsPanel panel, String account) {
        return actionsOf(panel, account).getItems().getFirst().getSubMenu().getItems().stream().map(MenuItem::getText).toList();
    }

    String secretOf(String name) {
        return jdbc.sql("select password_secret from cloud_account where name = :n").param("n", name).query(String.class).single();
    }

    @Test
    @WithMockUser(username = "admin", roles = {"USER", "TENANT_ADMIN"})
    void a_tenant_admin_edits_an_account_and_each_refusal_is_shown_on_its_field() {
        register("edit-account", "tenant", null);
        TenantCloudAccountsView view = navigate(TenantCloudAccountsView.class);
        new MenuBarTester<>(actionsOf(view.panel, "edit-account")).clickItem("Actions", "Edit");
        roundTrip();
        CloudAccountDialog edit = view.panel.accountDialog;
        assertThat(edit.isOpened()).isTrue();
        assertThat(edit.name.getValue()).isEqualTo("edit-account");
        assertThat(edit.name.isReadOnly()).isTrue();
        assertThat(edit.username.getValue()).isEqualTo("demo");
        assertThat(edit.identityEndpoint.getValue()).isEqualTo(launcher.simulator().identityEndpoint());
        assertThat(edit.defaultProject.getValue()).isEqualTo("dev");
        assertThat(edit.shared.getValue()).isTrue();
        // the stored password never reaches the browser
        assertThat(edit.password.getValue()).isEmpty();

        test(edit.username).setValue("someone-else");
        test(edit.gateway).setValue("no-such-gateway");
        test(edit.save).click();
        assertThat(edit.password.isInvalid()).isTrue();
        assertThat(edit.password.getErrorMessage()).contains("nter the password again");
        assertThat(edit.gateway.isInvalid()).isTrue();
        assertThat(edit.gateway.getErrorMessage()).contains("private cloud gateway named 'no-such-gateway'");

        test(edit.username).setValue("demo");
        test(edit.gateway).setValue("local-gateway");
        test(edit.parentRegion).setValue("Nowhere");
        test(edit.save).click();
        assertThat(edit.isOpened()).isTrue();
        assertThat(edit.password.isInvalid()).isFalse();
        assertThat(edit.gateway.isInvalid()).isFalse();
        assertThat(edit.parentRegion.isInvalid()).isTrue();
        assertThat(edit.parentRegion.getErrorMessage()).contains("compute service in region 'Nowhere'");

        test(edit.parentRegion).setValue("RegionOne");
        test(edit.shared).click();
        test(edit.save).click();
        assertThat(edit.isOpened()).isFalse();
        CloudAccountView saved = accounts.get("edit-account");
        assertThat(saved.gateway()).isEqualTo("local-gateway");
        assertThat(saved.shared()).isFalse();
        // an empty password kept the stored one
        assertThat(accounts.credentialsOf("edit-account").password()).isEqualTo("demo");
        assertThat(IntStream.range(0, test(view.panel.grid).size()).mapToObj(i -> test(view.panel.grid).getRow(i)))
                .anySatisfy(a -> {
                    assertThat(a.name()).isEqualTo("edit-account");
                    assertThat(a.gateway()).isEqualTo("local-gateway");
                });
    }

    @Test
    @WithMockUser(username = "admin", roles = {"USER", "TENANT_ADMIN"})
    void a_password_is_rotated_only_once_keystone_accepts_the_new_one() {
        register("rotate-account", "tenant", null);
        // the password was changed in OpenStack: the stored one is stale
        jdbc.sql("update cloud_account set password_secret = :s where name = 'rotate-account'")
                .param("s", cipher.encrypt("stale-password")).update();
        String secret = secretOf("rotate-account");
        TenantCloudAccountsView view = navigate(TenantCloudAccountsView.class);
        new MenuBarTester<>(actionsOf(view.panel, "rotate-account")).clickItem("Actions", "Rotate password");
        roundTrip();
        RotatePasswordDialog rotation = view.panel.rotation;
        assertThat(rotation.isOpened()).isTrue();

        test(rotation.rotate).click();
        assertThat(rotation.password.isInvalid()).isTrue();
        assertThat(rotation.password.getErrorMessage()).isEqualTo("Enter the new password");

        test(rotation.password).setValue("not-the-new-password");
        test(rotation.rotate).click();
        assertThat(rotation.isOpened()).isTrue();
        assertThat(rotation.password.getErrorMessage()).contains("Keystone refused");
        assertThat(secretOf("rotate-account")).isEqualTo(secret);

        test(rotation.password).setValue("demo");
        test(rotation.rotate).click();
        assertThat(rotation.isOpened()).isFalse();
        assertThat(accounts.credentialsOf("rotate-account").password()).isEqualTo("demo");
        assertThat(IntStream.range(0, test(view.panel.grid).size()).mapToObj(i -> test(view.panel.grid).getRow(i))
                .map(a -> a.usesApplicationCredential() ? a.applicationCredentialSecret() : a.password()))
                .allMatch("********"::equals);
    }

    @Test
    @WithMockUser(username = "view-acct-padmin2", roles = "USER")
    void a_project_admin_is_offered_changes_only_for_its_projects_own_accounts() {
        fixtures.user("view-acct-padmin2", false);
        fixtures.member("view-acct-p2", "view-acct-padmin2", ProjectRole.PROJECT_ADMIN);
        register("view-acct-own", "project", "view-acct-p2");
        ProjectCloudAccountsView view = navigate(ProjectCloudAccountsView.class);
        assertThat(view.panel.create.isVisible()).isTrue();
        assertThat(actionNames(view.panel, "view-acct-own"))
                .containsExactly("Validate", "Quota", "Inventory", "Edit", "Rotate password", "Delete");
        // shared by the tenant: used, not managed, by project admins
        assertThat(actionNames(view.panel, "local-openstack")).containsExactly("Validate", "Quota", "Inventory");
    }

    @Test
    @WithMockUser(username = "view-acct-viewer", roles = "USER")
    void a_project_viewer_is_not_offered_a_new_cloud_account() {
        fixtures.user("view-acct-viewer", false);
        fixtures.member("view-acct-p3", "view-acct-viewer", ProjectRole.PROJECT_VIEWER);
        ProjectCloudAccountsView view = navigate(ProjectCloudAccountsView.class);
        assertThat(view.panel.create.isVisible()).isFalse();
        assertThat(find(EmptyState.class).all()).singleElement()
                .satisfies(e -> assertThat(e.getElement().getTextRecursively()).contains("Project viewers do not use cloud accounts"));
    }

    @Test
    @WithMockUser(username = "admin", roles = {"USER", "TENANT_ADMIN"})
    void an_account_with_an_application_credential_is_made_in_the_console_and_its_secret_checked_on_its_field() {
        var cloud = launcher.simulator();
        var credential = cloud.applicationCredential("demo", "dev", "view");

        TenantCloudAccountsView view = navigate(TenantCloudAccountsView.class);
        test(find(Button.class).withId("new-cloud-account").single()).click();
        @SuppressWarnings("unchecked")
        com.vaadin.flow.component.radiobutton.RadioButtonGroup<String> type = find(
                com.vaadin.flow.component.radiobutton.RadioButtonGroup.class).withId("account-auth-type").single();
        assertThat(find(TextField.class).withId("account-app-credential-id").all()).as("hidden for a password").isEmpty();
        type.setValue("applicationCredential");
        assertThat(find(PasswordField.class).withId("account-password").all()).as("no password asked").isEmpty();
        test(find(TextField.class).withId("account-name").single()).setValue("view-appcred");
        test(find(TextField.class).withId("account-app-credential-id").single()).setValue(credential.id());
        test(find(PasswordField.class).withId("account-app-credential-secret").single()).setValue("not-the-secret");
        test(find(TextField.class).withId("account-endpoint").single()).setValue(cloud.identityEndpoint());
        test(find(TextField.class).withId("account-project").single()).setValue("dev");
        test(find(Button.class).withId("create-cloud-account").single()).click();
        PasswordField secret = find(PasswordField.class).withId("account-app-credential-secret").single();
        assertThat(secret.isInvalid()).isTrue();
        assertThat(secret.getErrorMessage()).contains("application credential");

        test(secret).setValue(credential.secret());
        test(find(Button.class).withId("create-cloud-account").single()).click();
        assertThat(IntStream.range(0, test(view.panel.grid).size()).mapToObj(i -> test(view.panel.grid).getRow(i)))
                .anySatisfy(a -> {
                    assertThat(a.name()).isEqualTo("view-appcred");
                    assertThat(a.authType()).isEqualTo("applicationCredential");
                });
        assertThat(cipher.decrypt(jdbc.sql("select password_secret from cloud_account where name = 'view-appcred'")
                .query(String.class).single())).isEqualTo(credential.secret());
    }
}
