package org.stackport.account.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.PasswordField;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.security.access.AccessDeniedException;
import org.stackport.account.CloudAccountCommand;
import org.stackport.account.CloudAccountService;
import org.stackport.account.CloudAccountView;
import org.stackport.shared.NotFoundException;
import org.stackport.shared.ValidationException;
import org.stackport.ui.FieldErrors;
import org.stackport.ui.Notifications;

/** Stores a new password for an account after Keystone accepted it; everything else stays as it is. */
class RotatePasswordDialog extends Dialog {

    final PasswordField password = new PasswordField("New password");
    final Button rotate = new Button("Rotate password", e -> rotate());
    private final CloudAccountService accounts;
    private final CloudAccountView account;
    private final Consumer<CloudAccountView> rotated;

    RotatePasswordDialog(CloudAccountService accounts, CloudAccountView account, Consumer<CloudAccountView> rotated) {
        this.accounts = accounts;
        this.account = account;
        this.rotated = rotated;
        setHeaderTitle("Rotate the password of " + account.name());
        password.setId("account-new-password");
        password.setWidthFull();
        password.setRequiredIndicatorVisible(true);
        rotate.setId("rotate-cloud-account-password");
        rotate.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        add(new Paragraph("Change the password of " + account.username() + " in OpenStack first, then enter it here. "
                + "Keystone must accept it before it replaces the stored one."), password);
        setWidth("32rem");
        setMaxWidth("100%");
        getFooter().add(new Button("Cancel", e -> close()), rotate);
    }

    void rotate() {
        // an empty password would mean "keep the stored one" to the service: not a rotation
        if (password.getValue().isEmpty()) {
            password.setErrorMessage("Enter the new password");
            password.setInvalid(true);
            return;
        }
        try {
            CloudAccountView result = accounts.update(account.name(), new CloudAccountCommand(account.name(), null,
                    account.username(), password.getValue(), account.identityEndpoint(),
                    CloudAccountDialog.storedCaCertificate(accounts, account), account.insecure(), account.parentRegion(),
                    account.defaultDomain(), account.defaultProject(), account.scope(), account.project(), null));
            password.clear();
            close();
            rotated.accept(result);
        } catch (ValidationException ex) {
            FieldErrors.show(ex, Map.of("password", password));
        } catch (AccessDeniedException | NotFoundException ex) {
            Notifications.error(ex.getMessage());
        }
    }
}
