package org.stackport.account.ui;

import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;
import org.stackport.account.CloudAccountService;
import org.stackport.tenancy.ProjectAccess;
import org.stackport.ui.CurrentProject;
import org.stackport.ui.EmptyState;

/** The current project's own cloud accounts (those shared by the tenant are listed too, for use). */
@Route("project-settings/cloud-accounts")
@PageTitle("Project Settings · Cloud Accounts")
@Menu(title = "Cloud Accounts", order = 10, icon = "vaadin:cloud")
@PermitAll
public class ProjectCloudAccountsView extends VerticalLayout {

    final CloudAccountsPanel panel;

    public ProjectCloudAccountsView(CloudAccountService accounts, ProjectAccess access, CurrentProject currentProject) {
        setSizeFull();
        String project = currentProject.name().orElse(null);
        if (project == null) {
            panel = null;
            add(new EmptyState("No project yet", "You are not a member of any project."));
            return;
        }
        panel = new CloudAccountsPanel(accounts, access, "project", project);
        add(panel);
    }
}
