package org.stackport.tenancy.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.vaadin.browserless.SpringBrowserlessTest;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.combobox.ComboBox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.support.Fixtures;
import org.stackport.tenancy.ProjectRole;

@SpringBootTest
@ActiveProfiles("test")
@WithMockUser(username = "admin", roles = {"USER", "TENANT_ADMIN"})
class TenancyViewsTest extends SpringBrowserlessTest {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    org.springframework.security.crypto.password.PasswordEncoder encoder;

    long rows(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    private <T extends com.vaadin.flow.component.Component> T byId(Class<T> type, String id) {
        return find(type).withId(id).single();
    }

    @Test
    void a_bad_project_name_is_shown_next_to_the_field_and_nothing_is_stored() {
        navigate(ProjectsView.class);
        test(byId(Button.class, "new-project")).click();
        long before = rows("select count(*) from project");

        test(byId(TextField.class, "project-name")).setValue("Not Valid");
        test(byId(Button.class, "create-project")).click();

        TextField name = byId(TextField.class, "project-name");
        assertThat(name.isInvalid()).isTrue();
        assertThat(name.getErrorMessage()).contains("lower-case letters");
        assertThat(rows("select count(*) from project")).isEqualTo(before);
    }

    @Test
    void a_project_is_created_from_the_dialog_and_listed() {
        ProjectsView view = navigate(ProjectsView.class);
        test(byId(Button.class, "new-project")).click();
        test(byId(TextField.class, "project-name")).setValue("view-created");
        test(byId(TextArea.class, "project-description")).setValue("made in the console");
        test(byId(Button.class, "create-project")).click();

        assertThat(find(TextField.class).withId("project-name").exists()).as("dialog closed").isFalse();
        assertThat(IntStream.range(0, test(view.grid).size()).mapToObj(i -> test(view.grid).getRow(i).name()))
                .contains("view-created");
    }

    @Test
    void a_project_is_deleted_after_confirmation() {
        fixtures.project("to-be-deleted");
        ProjectsView view = navigate(ProjectsView.class);
        int row = IntStream.range(0, test(view.grid).size())
                .filter(i -> test(view.grid).getRow(i).name().equals("to-be-deleted")).findFirst().orElseThrow();
        test((Button) test(view.grid).getCellComponent(row, 4)).click();
        test(find(ConfirmDialog.class).single()).confirm();
        assertThat(rows("select count(*) from project where name = 'to-be-deleted'")).isZero();
    }

    @Test
    void a_weak_password_is_shown_next_to_the_field_and_no_user_is_stored() {
        navigate(UsersView.class);
        test(byId(Button.class, "new-user")).click();
        long before = rows("select count(*) from app_user");
        test(byId(TextField.class, "user-username")).setValue("weak-view-user");
        test(byId(PasswordField.class, "user-password")).setValue("short");
        test(byId(Button.class, "create-user")).click();

        PasswordField password = byId(PasswordField.class, "user-password");
        assertThat(password.isInvalid()).isTrue();
        assertThat(password.getErrorMessage()).contains("too weak");
        assertThat(rows("select count(*) from app_user")).isEqualTo(before);
    }

    @Test
    void a_user_is_created_from_the_dialog() {
        UsersView view = navigate(UsersView.class);
        test(byId(Button.class, "new-user")).click();
        test(byId(TextField.class, "user-username")).setValue("view-user");
        test(byId(PasswordField.class, "user-password")).setValue(Fixtures.PASSWORD);
        test(byId(Checkbox.class, "user-tenant-admin")).click();
        test(byId(Button.class, "create-user")).click();

        assertThat(IntStream.range(0, test(view.grid).size()).mapToObj(i -> test(view.grid).getRow(i)))
                .anySatisfy(u -> {
                    assertThat(u.username()).isEqualTo("view-user");
                    assertThat(u.tenantAdmin()).isTrue();
                });
    }

    @Test
    void a_tenant_admin_gives_a_user_a_role_in_a_project_and_takes_it_away() {
        fixtures.project("members-view");
        fixtures.user("member-to-be", false);
        ProjectMembersView view = navigate(ProjectMembersView.class, "members-view");

        @SuppressWarnings("unchecked")
        ComboBox<String> user = byId(ComboBox.class, "member-user");
        test(user).selectItem("member-to-be");
        @SuppressWarnings("unchecked")
        Select<ProjectRole> role = byId(Select.class, "member-role");
        test(role).selectItem("Project admin");
        test(byId(Button.class, "add-member")).click();

        assertThat(test(view.grid).size()).isEqualTo(1);
        assertThat(test(view.grid).getRow(0).username()).isEqualTo("member-to-be");
        assertThat(test(view.grid).getRow(0).role()).isEqualTo(ProjectRole.PROJECT_ADMIN);

        test((Button) test(view.grid).getCellComponent(0, 3)).click();
        assertThat(test(view.grid).size()).isZero();
    }

    @Test
    void an_api_key_is_shown_once_listed_without_its_value_and_revoked() {
        MyApiKeysView view = navigate(MyApiKeysView.class);
        test(byId(TextField.class, "api-key-name")).setValue("from-the-view");
        test(byId(Button.class, "create-api-key")).click();

        String key = byId(Div.class, "new-api-key-value").getText();
        assertThat(key).startsWith("sp_").hasSizeGreaterThan(40);
        var grid = view.panel.grid;
        int row = IntStream.range(0, test(grid).size()).filter(i -> test(grid).getRow(i).name().equals("from-the-view"))
                .findFirst().orElseThrow();
        assertThat(test(grid).getRow(row).prefix()).isNotEqualTo(key).endsWith("…");

        test((Button) test(grid).getCellComponent(row, 5)).click();
        assertThat(IntStream.range(0, test(grid).size()).mapToObj(i -> test(grid).getRow(i).name()))
                .doesNotContain("from-the-view");
    }

    @Test
    void a_bad_api_key_name_is_shown_next_to_the_field() {
        navigate(MyApiKeysView.class);
        test(byId(TextField.class, "api-key-name")).setValue("");
        test(byId(Button.class, "create-api-key")).click();
        assertThat(byId(TextField.class, "api-key-name").isInvalid()).isTrue();
    }

    @Test
    @WithMockUser(username = "pw-changer", roles = "USER")
    void a_user_changes_their_password_and_mistakes_are_shown_next_to_the_fields() {
        fixtures.user("pw-changer", false);
        navigate(ChangePasswordView.class);
        test(byId(PasswordField.class, "new-password")).setValue("Sunflower-Field-9");
        test(byId(PasswordField.class, "repeat-password")).setValue("Sunflower-Field-8");
        test(byId(Button.class, "change-password")).click();
        assertThat(byId(PasswordField.class, "repeat-password").isInvalid()).isTrue();

        test(byId(PasswordField.class, "new-password")).setValue("weak");
        test(byId(PasswordField.class, "repeat-password")).setValue("weak");
        test(byId(Button.class, "change-password")).click();
        assertThat(byId(PasswordField.class, "new-password").getErrorMessage()).contains("too weak");

        test(byId(PasswordField.class, "new-password")).setValue("Sunflower-Field-9");
        test(byId(PasswordField.class, "repeat-password")).setValue("Sunflower-Field-9");
        test(byId(Button.class, "change-password")).click();
        assertThat(byId(PasswordField.class, "current-password").getErrorMessage()).as("the current one is asked for")
                .contains("required");
        test(byId(PasswordField.class, "current-password")).setValue("not-the-current-one");
        test(byId(Button.class, "change-password")).click();
        assertThat(byId(PasswordField.class, "current-password").getErrorMessage()).contains("not your current password");

        test(byId(PasswordField.class, "current-password")).setValue(Fixtures.PASSWORD);
        test(byId(Button.class, "change-password")).click();
        String hash = jdbc.sql("select password_hash from app_user where username = 'pw-changer'").query(String.class).single();
        assertThat(encoder.matches("Sunflower-Field-9", hash)).isTrue();
    }

    @Test
    void the_audit_view_lists_changes_newest_first() {
        fixtures.project("audit-view-project");
        AuditView view = navigate(AuditView.class);
        assertThat(test(view.grid).size()).isPositive();
        assertThat(test(view.grid).getRow(0).at()).isAfterOrEqualTo(test(view.grid).getRow(test(view.grid).size() - 1).at());
        assertThat(IntStream.range(0, test(view.grid).size()).mapToObj(i -> test(view.grid).getRow(i).target()))
                .contains("project/audit-view-project");
    }

    @Test
    void times_are_shown_with_their_zone_and_not_as_raw_iso() {
        fixtures.project("times-project");
        AuditView audit = navigate(AuditView.class);
        assertThat(test(audit.grid).getCellText(0, 0)).matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} \\S+");
        ProjectsView projects = navigate(ProjectsView.class);
        assertThat(IntStream.range(0, test(projects.grid).size()).mapToObj(i -> test(projects.grid).getCellText(i, 2)))
                .isNotEmpty().allMatch(t -> t.matches("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} \\S+"));
    }
}
