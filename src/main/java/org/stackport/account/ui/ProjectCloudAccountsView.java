package org.stackport.account.ui;

import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;
import org.stackport.ui.EmptyState;

@Route("project-settings/cloud-accounts")
@PageTitle("Project Settings · Cloud Accounts")
@Menu(title = "Cloud Accounts", order = 10, icon = "vaadin:cloud")
@PermitAll
public class ProjectCloudAccountsView extends VerticalLayout {

    public ProjectCloudAccountsView() {
        add(new EmptyState("No cloud accounts in this project",
                "Cloud accounts hold the OpenStack credentials clusters are deployed with. "
                        + "Registering cloud accounts is not available in this version of Stackport yet."));
    }
}
