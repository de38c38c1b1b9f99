package org.stackport.tenancy.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.util.Map;
import org.stackport.security.Roles;
import org.stackport.shared.ConflictException;
import org.stackport.shared.ValidationException;
import org.stackport.tenancy.UserService;
import org.stackport.tenancy.UserSummary;
import org.stackport.ui.Badge;
import org.stackport.ui.FieldErrors;
import org.stackport.ui.Notifications;
import org.stackport.ui.Times;

@Route("tenant/users")
@PageTitle("Tenant Settings · Users")
@Menu(title = "Users", order = 23, icon = "vaadin:users")
@RolesAllowed(Roles.TENANT_ADMIN)
public class UsersView extends VerticalLayout {

    final Grid<UserSummary> grid = new Grid<>(UserSummary.class, false);
    final Button create = new Button("New user", e -> new CreateUserDialog().open());
    private final UserService users;

    public UsersView(UserService users) {
        this.users = users;
        setSizeFull();
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setId("new-user");
        grid.addColumn(UserSummary::username).setHeader("Username").setAutoWidth(true);
        grid.addComponentColumn(u -> u.tenantAdmin() ? new Badge("Tenant admin", "success") : new Badge("User", ""))
                .setHeader("Role");
        grid.addColumn(u -> Times.minutes(u.createdAt())).setHeader("Created");
        grid.addComponentColumn(u -> {
            Button delete = new Button("Delete", e -> confirmDelete(u));
            delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            return delete;
        }).setAutoWidth(true).setFlexGrow(0);
        grid.setItems(q -> users.list(q.getOffset(), q.getLimit()).stream(), q -> (int) users.count());
        add(create, grid);
    }

    private void confirmDelete(UserSummary user) {
        ConfirmDialog confirm = new ConfirmDialog("Delete " + user.username() + "?",
                "The user loses access at once; their API keys are revoked.", "Delete", e -> {
            try {
                users.delete(user.username());
                grid.getDataProvider().refreshAll();
                Notifications.success("User " + user.username() + " deleted");
            } catch (ConflictException ex) {
                Notifications.error(ex.getMessage());
            }
        });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    /** The "New user" form; fields are package-visible for tests. */
    class CreateUserDialog extends Dialog {
        final TextField username = new TextField("Username");
        final PasswordField password = new PasswordField("Password");
        final Checkbox tenantAdmin = new Checkbox("Tenant admin");
        final Button save = new Button("Create", e -> save());

        CreateUserDialog() {
            setHeaderTitle("New user");
            username.setId("user-username");
            password.setId("user-password");
            password.setHelperText("At least 10 characters, letters with digits or symbols");
            tenantAdmin.setId("user-tenant-admin");
            save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            save.setId("create-user");
            add(new VerticalLayout(username, password, tenantAdmin));
            getFooter().add(new Button("Cancel", e -> close()), save);
        }

        void save() {
            try {
                UserSummary created = users.create(username.getValue(), password.getValue(), tenantAdmin.getValue());
                close();
                grid.getDataProvider().refreshAll();
                Notifications.success("User " + created.username() + " created");
            } catch (ValidationException ex) {
                FieldErrors.show(ex, Map.of("username", username, "password", password));
            }
        }
    }
}
