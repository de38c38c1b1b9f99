package org.stackport.account.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.PasswordField;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import java.util.Map;
import org.stackport.account.CloudAccountCommand;
import org.stackport.account.CloudAccountService;
import org.stackport.account.CloudAccountView;
import org.stackport.account.Inventory;
import org.stackport.account.ValidationReport;
import org.stackport.openstack.CloudFailure;
import org.stackport.shared.ValidationException;
import org.stackport.ui.Badge;
import org.stackport.ui.FieldErrors;
import org.stackport.ui.Notifications;

/** Lists cloud accounts of one scope, registers new ones (checked against Keystone), validates and deletes. */
class CloudAccountsPanel extends VerticalLayout {

    final Grid<CloudAccountView> grid = new Grid<>(CloudAccountView.class, false);
    final Button create = new Button("New cloud account", e -> new CreateDialog().open());
    private final CloudAccountService accounts;
    private final String scope;
    private final String project;

    CloudAccountsPanel(CloudAccountService accounts, String scope, String project) {
        this.accounts = accounts;
        this.scope = scope;
        this.project = project;
        setPadding(false);
        setSizeFull();
        create.setId("new-cloud-account");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        grid.addColumn(CloudAccountView::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(a -> "tenant".equals(a.scope()) ? (a.shared() ? "shared with all projects" : "tenant admins only")
                        : "project " + a.project())
                .setHeader("Scope").setAutoWidth(true);
        grid.addColumn(a -> a.gateway() == null ? "" : a.gateway()).setHeader("Gateway").setAutoWidth(true);
        grid.addColumn(CloudAccountView::username).setHeader("Username");
        grid.addColumn(CloudAccountView::identityEndpoint).setHeader("Identity endpoint").setFlexGrow(1);
        grid.addColumn(a -> a.defaultDomain() + " / " + a.defaultProject() + " / " + a.parentRegion())
                .setHeader("Domain / project / region").setAutoWidth(true);
        grid.addComponentColumn(a -> new Button("Validate", e -> validate(a))).setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(a -> new Button("Quota", e -> quota(a))).setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(a -> new Button("Inventory", e -> inventory(a))).setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(a -> {
            Button delete = new Button("Delete", e -> confirmDelete(a));
            delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            return delete;
        }).setAutoWidth(true).setFlexGrow(0);
        refresh();
        add(create, grid);
    }

    private void refresh() {
        grid.setItems(accounts.list().stream()
                .filter(a -> project == null ? "tenant".equals(a.scope()) : "tenant".equals(a.scope()) || project.equals(a.project()))
                .toList());
    }

    private void validate(CloudAccountView account) {
        try {
            ValidationReport report = accounts.validate(account.name());
            Dialog dialog = new Dialog();
            dialog.setHeaderTitle("Permissions of " + account.name());
            VerticalLayout list = new VerticalLayout();
            list.setPadding(false);
            list.setSpacing(false);
            report.checks().forEach(c -> list.add(new Span(new Badge(c.allowed() ? "allowed" : "missing", c.allowed() ? "success" : "error"),
                    new Span(" " + c.service() + " · " + c.permission() + " — " + c.detail()))));
            dialog.add(list);
            dialog.getFooter().add(new Button("Close", e -> dialog.close()));
            dialog.open();
        } catch (CloudFailure f) {
            Notifications.error(f.getMessage());
        }
    }

    QuotaPanel quotaPanel;

    void quota(CloudAccountView account) {
        try {
            quotaPanel = new QuotaPanel(accounts.quota(account.name()));
            Dialog dialog = new Dialog();
            dialog.setHeaderTitle("Quota of " + account.name() + " (project " + account.defaultProject() + ")");
            dialog.add(quotaPanel);
            dialog.setWidth("36rem");
            dialog.getFooter().add(new Button("Close", e -> dialog.close()));
            dialog.open();
        } catch (CloudFailure f) {
            Notifications.error(f.getMessage());
        }
    }

    void inventory(CloudAccountView account) {
        try {
            Inventory inv = accounts.inventory(account.name());
            Dialog dialog = new Dialog();
            dialog.setHeaderTitle("What " + account.name() + " sees in its cloud");
            FormLayout facts = new FormLayout();
            facts.addFormItem(new Span(String.join(", ", inv.domains())), "Domains");
            facts.addFormItem(new Span(String.join(", ", inv.regions())), "Regions");
            facts.addFormItem(new Span(String.join(", ", inv.projects())), "Projects");
            facts.addFormItem(new Span(String.join(", ", inv.networks().stream()
                    .map(n -> n.name() + (n.external() ? " (external)" : "")).toList())), "Networks");
            facts.addFormItem(new Span(String.join(", ", inv.subnets().stream()
                    .map(n -> n.name() + " " + n.cidr() + " (" + n.freeAddresses() + " free)").toList())), "Subnets");
            facts.addFormItem(new Span(String.join(", ", inv.flavors().stream()
                    .map(f -> f.name() + " (" + f.vcpus() + " vCPU, " + f.ramMiB() + " MiB)").toList())), "Flavors");
            facts.addFormItem(new Span(String.join(", ", inv.availabilityZones())), "Availability zones");
            facts.addFormItem(new Span(inv.keypairs().isEmpty() ? "none" : String.join(", ", inv.keypairs())), "Key pairs");
            facts.addFormItem(new Span(String.join(", ", inv.images().stream().map(Inventory.Image::name).toList())), "Images");
            facts.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
            dialog.add(facts);
            dialog.setWidth("44rem");
            dialog.getFooter().add(new Button("Close", e -> dialog.close()));
            dialog.open();
        } catch (CloudFailure f) {
            Notifications.error(f.getMessage());
        }
    }

    private void confirmDelete(CloudAccountView account) {
        ConfirmDialog confirm = new ConfirmDialog("Delete cloud account " + account.name() + "?",
                "Stackport forgets these credentials; nothing changes in the cloud.", "Delete", e -> {
            try {
                accounts.delete(account.name());
                refresh();
                Notifications.success("Cloud account " + account.name() + " deleted");
            } catch (org.springframework.security.access.AccessDeniedException denied) {
                Notifications.error("Only " + ("tenant".equals(account.scope()) ? "tenant admins" : "project admins")
                        + " may delete " + account.name() + ".");
            }
        });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    /** The seed's "create cloud account" fields. */
    class CreateDialog extends Dialog {
        final TextField name = new TextField("Account name");
        final TextField gateway = new TextField("Private cloud gateway (optional)");
        final TextField username = new TextField("Username");
        final PasswordField password = new PasswordField("Password");
        final TextField identityEndpoint = new TextField("Identity endpoint");
        final TextArea caCertificate = new TextArea("CA certificate (PEM, optional)");
        final Checkbox insecure = new Checkbox("Allow insecure connection (skip TLS verification)");
        final TextField parentRegion = new TextField("Parent region", "RegionOne", "");
        final TextField defaultDomain = new TextField("Default domain", "Default", "");
        final TextField defaultProject = new TextField("Default project");
        final Button save = new Button("Create", e -> save());

        CreateDialog() {
            setHeaderTitle("New cloud account");
            name.setId("account-name");
            username.setId("account-username");
            password.setId("account-password");
            identityEndpoint.setId("account-endpoint");
            identityEndpoint.setPlaceholder("https://keystone.example:5000/v3");
            defaultProject.setId("account-project");
            parentRegion.setValue("RegionOne");
            defaultDomain.setValue("Default");
            save.setId("create-cloud-account");
            save.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
            gateway.setId("account-gateway");
            gateway.setHelperText("The gateway whose network reaches this cloud");
            FormLayout form = new FormLayout(name, gateway, username, password, identityEndpoint, parentRegion, defaultDomain,
                    defaultProject, caCertificate, insecure);
            form.setColspan(caCertificate, 2);
            add(form);
            setWidth("48rem");
            getFooter().add(new Button("Cancel", e -> close()), save);
        }

        void save() {
            Map<String, com.vaadin.flow.component.HasValidation> fields = Map.of("name", name, "gateway", gateway, "username", username,
                    "password", password, "identityEndpoint", identityEndpoint, "caCertificate", caCertificate,
                    "parentRegion", parentRegion, "defaultDomain", defaultDomain, "defaultProject", defaultProject);
            try {
                CloudAccountView created = accounts.create(new CloudAccountCommand(name.getValue(), gateway.getValue(),
                        username.getValue(), password.getValue(), identityEndpoint.getValue(), caCertificate.getValue(),
                        insecure.getValue(), parentRegion.getValue(), defaultDomain.getValue(), defaultProject.getValue(),
                        scope, project));
                close();
                refresh();
                Notifications.success("Cloud account " + created.name() + " registered; Keystone accepted it");
            } catch (ValidationException ex) {
                FieldErrors.show(ex, fields);
            } catch (org.springframework.security.access.AccessDeniedException denied) {
                Notifications.error(denied.getMessage());
            }
        }
    }
}
