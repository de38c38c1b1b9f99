package org.stackport.tenancy.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.spring.security.AuthenticationContext;
import jakarta.annotation.security.PermitAll;
import java.util.Map;
import org.stackport.shared.ValidationException;
import org.stackport.tenancy.UserService;
import org.stackport.ui.FieldErrors;
import org.stackport.ui.Notifications;

/** The signed-in user's own password (user menu → Change password). */
@Route("account/password")
@PageTitle("Change password")
@PermitAll
public class ChangePasswordView extends VerticalLayout {

    final PasswordField current = new PasswordField("Current password");
    final PasswordField password = new PasswordField("New password");
    final PasswordField repeat = new PasswordField("Repeat new password");
    final Button save = new Button("Change password", e -> save());
    private final UserService users;
    private final String username;

    public ChangePasswordView(UserService users, AuthenticationContext authentication) {
        this.users = users;
        this.username = authentication.getPrincipalName().orElseThrow();
        current.setId("current-password");
        password.setId("new-password");
        password.setHelperText("At least 10 characters, letters with digits or symbols");
        repeat.setId("repeat-password");
        save.setId("change-password");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        FormLayout form = new FormLayout(current, password, repeat);
        form.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        form.setMaxWidth("30rem");
        add(form, save);
    }

    void save() {
        Map<String, PasswordField> fields = Map.of("currentPassword", current, "password", password, "repeat", repeat);
        try {
            if (!password.getValue().equals(repeat.getValue())) {
                throw ValidationException.of("repeat", "does not match the new password");
            }
            users.setPassword(username, current.getValue(), password.getValue());
            FieldErrors.clear(fields);
            current.clear();
            password.clear();
            repeat.clear();
            Notifications.success("Password changed");
        } catch (ValidationException ex) {
            FieldErrors.show(ex, fields);
        }
    }
}
