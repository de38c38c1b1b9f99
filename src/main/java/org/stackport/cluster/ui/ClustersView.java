package org.stackport.cluster.ui;

import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import jakarta.annotation.security.PermitAll;
import org.stackport.ui.CurrentProject;
import org.stackport.ui.EmptyState;

/** The clusters of the current project. Creating clusters is not built yet; the view says so. */
@Route("clusters")
@RouteAlias("")
@PageTitle("Clusters")
@Menu(title = "Clusters", order = 1, icon = "vaadin:cluster")
@PermitAll
public class ClustersView extends VerticalLayout {

    public ClustersView(CurrentProject currentProject) {
        setId("clusters-view");
        String project = currentProject.name().orElse(null);
        if (project == null) {
            add(new EmptyState("No project yet",
                    "You are not a member of any project. Ask a tenant admin to add you to one."));
            return;
        }
        Span where = new Span("Project: " + project);
        where.setId("clusters-project");
        add(where, new EmptyState("No clusters in project " + project,
                "Clusters you create in this project will be listed here with their status, profile, nodes and age. "
                        + "Creating clusters is not available in this version of Stackport yet."));
    }
}
