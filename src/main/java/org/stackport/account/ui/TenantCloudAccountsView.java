package org.stackport.account.ui;

import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.stackport.account.CloudAccountService;
import org.stackport.security.Roles;
import org.stackport.tenancy.ProjectAccess;

/** Tenant-scope cloud accounts, shared with every project. */
@Route("tenant/cloud-accounts")
@PageTitle("Tenant Settings · Cloud Accounts")
@Menu(title = "Cloud Accounts", order = 21, icon = "vaadin:cloud")
@RolesAllowed(Roles.TENANT_ADMIN)
public class TenantCloudAccountsView extends VerticalLayout {

    final CloudAccountsPanel panel;

    public TenantCloudAccountsView(CloudAccountService accounts, ProjectAccess access) {
        setSizeFull();
        panel = new CloudAccountsPanel(accounts, access, "tenant", null);
        add(panel);
    }
}
