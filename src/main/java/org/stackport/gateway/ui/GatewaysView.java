package org.stackport.gateway.ui;

import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.stackport.security.Roles;
import org.stackport.ui.EmptyState;

@Route("tenant/gateways")
@PageTitle("Tenant Settings · Private Cloud Gateways")
@Menu(title = "Private Cloud Gateways", order = 20, icon = "vaadin:connect")
@RolesAllowed(Roles.TENANT_ADMIN)
public class GatewaysView extends VerticalLayout {

    public GatewaysView() {
        add(new EmptyState("No private cloud gateways",
                "A private cloud gateway connects Stackport to one OpenStack region. "
                        + "Registering gateways is not available in this version of Stackport yet."));
    }
}
