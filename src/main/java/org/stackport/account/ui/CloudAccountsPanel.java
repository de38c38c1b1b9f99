package org.stackport.account.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.Icon;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.menubar.MenuBar;
import com.vaadin.flow.component.menubar.MenuBarVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import org.springframework.security.access.AccessDeniedException;
import org.stackport.account.CloudAccountService;
import org.stackport.account.CloudAccountView;
import org.stackport.account.Inventory;
import org.stackport.account.ValidationReport;
import org.stackport.openstack.CloudFailure;
import org.stackport.shared.ConflictException;
import org.stackport.shared.NotFoundException;
import org.stackport.tenancy.ProjectAccess;
import org.stackport.tenancy.ProjectRole;
import org.stackport.ui.Badge;
import org.stackport.ui.EmptyState;
import org.stackport.ui.Notifications;

/**
 * Lists cloud accounts of one scope, registers new ones (checked against Keystone), edits them, rotates their
 * password, validates and deletes. Actions the caller's role does not allow are not offered (api.md, Roles);
 * the service checks again.
 */
class CloudAccountsPanel extends VerticalLayout {

    final Grid<CloudAccountView> grid = new Grid<>(CloudAccountView.class, false);
    final Button create = new Button("New cloud account", e -> openCreate());
    CloudAccountDialog accountDialog;
    RotatePasswordDialog rotation;
    private final CloudAccountService accounts;
    private final String scope;
    private final String project;
    private final boolean tenantAdmin;
    private final boolean projectAdmin;

    CloudAccountsPanel(CloudAccountService accounts, ProjectAccess access, String scope, String project) {
        this.accounts = accounts;
        this.scope = scope;
        this.project = project;
        this.tenantAdmin = access.caller().tenantAdmin();
        this.projectAdmin = project != null
                && access.roleIn(project).map(r -> r.includes(ProjectRole.PROJECT_ADMIN)).orElse(false);
        setPadding(false);
        setSizeFull();
        create.setId("new-cloud-account");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.setVisible(tenantAdmin || "project".equals(scope) && projectAdmin);
        grid.setId("cloud-accounts");
        // widths do not follow the content (names may be 63 characters): the grid never scrolls sideways
        grid.addColumn(CloudAccountView::name).setHeader("Name").setWidth("9rem").setFlexGrow(1).setFrozen(true)
                .setTooltipGenerator(CloudAccountView::name);
        grid.addColumn(a -> "tenant".equals(a.scope()) ? (a.shared() ? "all projects" : "tenant admins only")
                        : "project " + a.project())
                .setHeader("Used by").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(a -> a.gateway() == null ? "" : a.gateway()).setHeader("Gateway").setWidth("8rem").setFlexGrow(0)
                .setTooltipGenerator(a -> a.gateway() == null ? "" : a.gateway());
        // user and endpoint share the room that is left (a laptop screen has no space for every column at full
        // width); the whole value shows on hover
        grid.addColumn(CloudAccountsPanel::identity).setHeader("Identity").setWidth("10rem")
                .setFlexGrow(1).setTooltipGenerator(CloudAccountsPanel::identity);
        grid.addColumn(a -> a.defaultDomain() + " / " + a.defaultProject() + " / " + a.parentRegion())
                .setHeader("Domain / project / region").setWidth("10rem").setFlexGrow(0)
                .setTooltipGenerator(a -> a.defaultDomain() + " / " + a.defaultProject() + " / " + a.parentRegion());
        // one compact menu, kept in view at the right edge, instead of a button per action
        grid.addComponentColumn(this::actions).setKey("actions").setHeader("Actions").setWidth("8.5rem").setFlexGrow(0)
                .setFrozenToEnd(true);
        if ("project".equals(scope) && !tenantAdmin && !projectAdmin) {
            add(new EmptyState("Cloud accounts are for project admins",
                    "Project viewers do not use cloud accounts. Project admins of " + project
                            + " and tenant admins register and use them."));
            return;
        }
        refresh();
        add(create, grid);
    }

    /** Whether the caller may change or delete the account: tenant admins any; project admins their project's own. */
    boolean mayManage(CloudAccountView a) {
        return tenantAdmin || "project".equals(a.scope()) && projectAdmin && a.project() != null && a.project().equals(project);
    }

    private Component actions(CloudAccountView a) {
        MenuBar menu = new MenuBar();
        menu.setId("account-actions-" + a.name());
        menu.addThemeVariants(MenuBarVariant.LUMO_TERTIARY_INLINE, MenuBarVariant.LUMO_SMALL);
        var root = menu.addItem("Actions");
        root.add(new Icon(VaadinIcon.CHEVRON_DOWN_SMALL));
        root.setAriaLabel("Actions for " + a.name());
        var items = root.getSubMenu();
        items.addItem("Validate", e -> validate(a));
        items.addItem("Quota", e -> quota(a));
        items.addItem("Inventory", e -> inventory(a));
        if (mayManage(a)) {
            items.addItem("Edit", e -> openEdit(a));
            items.addItem("Rotate password", e -> openRotation(a));
            items.addItem("Delete", e -> confirmDelete(a));
        }
        return menu;
    }

    void openCreate() {
        accountDialog = new CloudAccountDialog(accounts, null, scope, project, created -> {
            refresh();
            Notifications.success("Cloud account " + created.name() + " registered; Keystone accepted it");
        });
        accountDialog.open();
    }

    void openEdit(CloudAccountView account) {
        accountDialog = new CloudAccountDialog(accounts, account, scope, project, changed -> {
            refresh();
            Notifications.success("Cloud account " + changed.name() + " saved; Keystone accepted it");
        });
        accountDialog.open();
    }

    void openRotation(CloudAccountView account) {
        rotation = new RotatePasswordDialog(accounts, account, changed -> {
            refresh();
            Notifications.success("Password of " + changed.name() + " rotated; Keystone accepted the new one");
        });
        rotation.open();
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

    void confirmDelete(CloudAccountView account) {
        ConfirmDialog confirm = new ConfirmDialog("Delete cloud account " + account.name() + "?",
                "Stackport forgets these credentials; nothing changes in the cloud.", "Delete", e -> {
            try {
                accounts.delete(account.name());
                refresh();
                Notifications.success("Cloud account " + account.name() + " deleted");
            } catch (AccessDeniedException denied) {
                Notifications.error("Only " + ("tenant".equals(account.scope()) ? "tenant admins" : "project admins")
                        + " may delete " + account.name() + ".");
            } catch (ConflictException | NotFoundException refused) {
                Notifications.error(refused.getMessage());
                refresh();
            }
        });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    static String identity(CloudAccountView a) {
        return (a.usesApplicationCredential() ? "application credential " + a.applicationCredentialId() : a.username())
                + " at " + a.identityEndpoint();
    }
}
