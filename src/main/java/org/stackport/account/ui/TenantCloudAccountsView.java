package org.stackport.account.ui;

import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.stackport.security.Roles;
import org.stackport.ui.EmptyState;

@Route("tenant/cloud-accounts")
@PageTitle("Tenant Settings · Cloud Accounts")
@Menu(title = "Cloud Accounts", order = 21, icon = "vaadin:cloud")
@RolesAllowed(Roles.TENANT_ADMIN)
public class TenantCloudAccountsView extends VerticalLayout {

    public TenantCloudAccountsView() {
        add(new EmptyState("No cloud accounts",
                "Cloud accounts hold the OpenStack credentials clusters are deployed with; each private cloud "
                        + "gateway brings one. Registering cloud accounts is not available in this version of Stackport yet."));
    }
}
