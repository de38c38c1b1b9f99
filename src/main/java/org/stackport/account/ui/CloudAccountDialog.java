package org.stackport.account.ui;

import com.vaadin.flow.component.HasValidation;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.radiobutton.RadioButtonGroup;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
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
import org.stackport.ui.Times;

/**
 * The seed's "create cloud account" fields, for a new account or to change one. On change the password field
 * starts empty (the stored password is never sent to the browser) and a blank password keeps the stored one.
 */
class CloudAccountDialog extends Dialog {

    final TextField name = new TextField("Account name");
    final TextField gateway = new TextField("Private cloud gateway (optional)");
    final RadioButtonGroup<String> authType = new RadioButtonGroup<>("Authentication");
    final TextField username = new TextField("Username");
    final PasswordField password = new PasswordField("Password");
    final TextField applicationCredentialId = new TextField("Application credential ID");
    final PasswordField applicationCredentialSecret = new PasswordField("Application credential secret");
    final TextField identityEndpoint = new TextField("Identity endpoint");
    final TextArea caCertificate = new TextArea("CA certificate (PEM, optional)");
    final Checkbox insecure = new Checkbox("Allow insecure connection (skip TLS verification)");
    final Checkbox shared = new Checkbox("Shared with all projects");
    final TextField parentRegion = new TextField("Parent region");
    final TextField defaultDomain = new TextField("Default domain");
    final TextField defaultProject = new TextField("Default project");
    final Button save;
    private final CloudAccountService accounts;
    private final CloudAccountView existing;
    private final String scope;
    private final String project;
    private final Consumer<CloudAccountView> saved;

    /** {@code existing} null: a new account of {@code scope} (and {@code project}). */
    CloudAccountDialog(CloudAccountService accounts, CloudAccountView existing, String scope, String project,
                       Consumer<CloudAccountView> saved) {
        this.accounts = accounts;
        this.existing = existing;
        this.scope = existing == null ? scope : existing.scope();
        this.project = existing == null ? project : existing.project();
        this.saved = saved;
        this.save = new Button(existing == null ? "Create" : "Save", e -> save());
        setHeaderTitle(existing == null ? "New cloud account" : "Edit cloud account " + existing.name());
        name.setId("account-name");
        authType.setId("account-auth-type");
        authType.setItems(CloudAccountCommand.PASSWORD, CloudAccountCommand.APPLICATION_CREDENTIAL);
        authType.setItemLabelGenerator(t -> CloudAccountCommand.PASSWORD.equals(t) ? "User and password"
                : "Application credential (no user password kept in Stackport)");
        authType.setValue(CloudAccountCommand.PASSWORD);
        authType.addValueChangeListener(e -> showAuthFields());
        applicationCredentialId.setId("account-app-credential-id");
        applicationCredentialSecret.setId("account-app-credential-secret");
        applicationCredentialId.setHelperText("Made in the cloud with: openstack application credential create <name>");
        username.setId("account-username");
        password.setId("account-password");
        identityEndpoint.setId("account-endpoint");
        identityEndpoint.setPlaceholder("https://keystone.example:5000/v3");
        parentRegion.setId("account-region");
        defaultDomain.setId("account-domain");
        defaultProject.setId("account-project");
        caCertificate.setId("account-ca");
        shared.setId("account-shared");
        gateway.setId("account-gateway");
        gateway.setHelperText("The gateway whose network reaches this cloud");
        save.setId(existing == null ? "create-cloud-account" : "save-cloud-account");
        save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        shared.setVisible("tenant".equals(this.scope));
        shared.setValue(existing == null || existing.shared());
        if (existing == null) {
            parentRegion.setValue("RegionOne");
            defaultDomain.setValue("Default");
        } else {
            fill(existing);
        }
        if (existing != null) {
            add(new Paragraph("Registered " + Times.format(existing.createdAt(), "—") + ", last changed "
                    + Times.format(existing.updatedAt(), "—") + "."));
        }
        FormLayout form = new FormLayout(name, gateway, authType, username, password, applicationCredentialId,
                applicationCredentialSecret, identityEndpoint, parentRegion, defaultDomain, defaultProject, caCertificate,
                insecure, shared);
        form.setColspan(caCertificate, 2);
        form.setColspan(authType, 2);
        showAuthFields();
        add(form);
        setWidth("48rem");
        setMaxWidth("100%");
        getFooter().add(new Button("Cancel", e -> close()), save);
    }

    private void fill(CloudAccountView a) {
        name.setValue(a.name());
        name.setReadOnly(true);
        gateway.setValue(a.gateway() == null ? "" : a.gateway());
        authType.setValue(a.usesApplicationCredential() ? CloudAccountCommand.APPLICATION_CREDENTIAL
                : CloudAccountCommand.PASSWORD);
        username.setValue(a.username() == null ? "" : a.username());
        applicationCredentialId.setValue(a.applicationCredentialId() == null ? "" : a.applicationCredentialId());
        password.setHelperText("Leave empty to keep the stored password. Needed again when the endpoint, user or "
                + "TLS setting changes.");
        applicationCredentialSecret.setHelperText("Leave empty to keep the stored secret. Needed again when the "
                + "endpoint, credential or TLS setting changes.");
        identityEndpoint.setValue(a.identityEndpoint());
        caCertificate.setValue(storedCaCertificate(accounts, a));
        insecure.setValue(a.insecure());
        parentRegion.setValue(a.parentRegion());
        defaultDomain.setValue(a.defaultDomain());
        defaultProject.setValue(a.defaultProject());
    }

    private boolean usesApplicationCredential() {
        return CloudAccountCommand.APPLICATION_CREDENTIAL.equals(authType.getValue());
    }

    private void showAuthFields() {
        boolean appCredential = usesApplicationCredential();
        password.setVisible(!appCredential);
        applicationCredentialId.setVisible(appCredential);
        applicationCredentialSecret.setVisible(appCredential);
        username.setLabel(appCredential ? "Username (optional, for your notes)" : "Username");
    }

    /**
     * The account's CA certificate (public, not a secret): a change stores the certificate it is given, so the
     * form must carry the stored one or a save would drop it. Read from the credentials, the only place it is
     * kept; their password stays on the server.
     */
    static String storedCaCertificate(CloudAccountService accounts, CloudAccountView a) {
        if (!a.caCertificate()) {
            return "";
        }
        String pem = accounts.credentialsOf(a.name()).caCertificate();
        return pem == null ? "" : pem;
    }

    void save() {
        Map<String, HasValidation> fields = Map.ofEntries(Map.entry("name", name), Map.entry("gateway", gateway),
                Map.entry("authType", authType), Map.entry("username", username), Map.entry("password", password),
                Map.entry("applicationCredentialId", applicationCredentialId),
                Map.entry("applicationCredentialSecret", applicationCredentialSecret),
                Map.entry("identityEndpoint", identityEndpoint), Map.entry("caCertificate", caCertificate),
                Map.entry("parentRegion", parentRegion), Map.entry("defaultDomain", defaultDomain),
                Map.entry("defaultProject", defaultProject));
        FieldErrors.clear(fields);
        try {
            CloudAccountView result;
            String secret = usesApplicationCredential() ? applicationCredentialSecret.getValue() : password.getValue();
            if (existing == null) {
                result = accounts.create(command(secret));
            } else {
                // empty keeps the stored secret (CloudAccountService.update)
                result = accounts.update(existing.name(), command(secret.isEmpty() ? null : secret));
            }
            password.clear();
            applicationCredentialSecret.clear();
            close();
            saved.accept(result);
        } catch (ValidationException ex) {
            FieldErrors.show(ex, fields);
        } catch (AccessDeniedException | NotFoundException ex) {
            Notifications.error(ex.getMessage());
        }
    }

    private CloudAccountCommand command(String secret) {
        boolean appCredential = usesApplicationCredential();
        return new CloudAccountCommand(name.getValue(), gateway.getValue(), username.getValue(),
                appCredential ? null : secret, identityEndpoint.getValue(), caCertificate.getValue(), insecure.getValue(),
                parentRegion.getValue(), defaultDomain.getValue(), defaultProject.getValue(), scope,
                "project".equals(scope) ? project : null, "tenant".equals(scope) ? shared.getValue() : null,
                authType.getValue(), appCredential ? applicationCredentialId.getValue() : null,
                appCredential ? secret : null);
    }
}
