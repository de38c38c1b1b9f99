package org.stackport.cluster.ui;

import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.theme.lumo.LumoUtility;
import jakarta.annotation.security.PermitAll;
import java.util.List;
import org.stackport.cluster.ClusterDetails;
import org.stackport.cluster.ClusterEvent;
import org.stackport.cluster.ClusterService;
import org.stackport.shared.NotFoundException;
import org.stackport.tenancy.ProjectAccess;
import org.stackport.ui.CurrentProject;
import org.stackport.ui.EmptyState;

/**
 * One cluster of the current project, live: its status and progress, the provisioning steps, the nodes by pool and
 * zone, the cloud resources it owns, and the actions its state allows. While the cluster moves (Pending,
 * Provisioning, Aborting, Deleting) the page refreshes itself every two seconds; once it is deleted it says so.
 */
@Route("clusters")
@PageTitle("Cluster")
@PermitAll
public class ClusterView extends VerticalLayout implements HasUrlParameter<String> {

    final Span status = new Span();
    final ClusterProgressPanel live = new ClusterProgressPanel();
    final ClusterTables tables = new ClusterTables();
    final Polling polling;
    ClusterActions actions;
    private final ClusterService clusters;
    private final CurrentProject currentProject;
    private final ProjectAccess access;
    private String project;
    private String name;
    private String lastStatus;

    public ClusterView(ClusterService clusters, CurrentProject currentProject, ProjectAccess access) {
        this.clusters = clusters;
        this.currentProject = currentProject;
        this.access = access;
        this.polling = new Polling(this, this::refresh);
        setId("cluster-view");
        status.setId("cluster-status");
    }

    @Override
    public void setParameter(BeforeEvent event, String clusterName) {
        removeAll();
        name = null;
        polling.want(false);
        project = currentProject.name().orElse(null);
        ClusterDetails c;
        try {
            if (project == null) {
                throw new NotFoundException("You are in no project.");
            }
            c = clusters.get(project, clusterName);
        } catch (NotFoundException e) {
            add(new EmptyState("Cluster not found", e.getMessage(), new RouterLink("All clusters", ClustersView.class)));
            return;
        }
        name = c.name();
        actions = new ClusterActions(clusters, project, name, ClustersView.mayCreate(access, project), this::refresh);
        H2 title = new H2(c.name());
        title.setId("cluster-title");
        title.addClassNames(LumoUtility.Margin.NONE);
        HorizontalLayout head = new HorizontalLayout(title, status, actions);
        head.setWidthFull();
        head.setAlignItems(FlexComponent.Alignment.CENTER);
        head.setWrap(true);
        actions.addClassNames(LumoUtility.Margin.Left.AUTO);
        H3 request = new H3("Request");
        request.addClassNames(LumoUtility.Margin.Top.LARGE, LumoUtility.Margin.Bottom.NONE, LumoUtility.FontSize.LARGE);
        add(new RouterLink("← All clusters", ClustersView.class), head, live, tables, request, new ClusterFacts(c));
        show(c, clusters.events(project, name));
    }

    /** Reads the cluster again and shows what changed; the poll's tick while the cluster moves, and after an action. */
    void refresh() {
        if (name == null) {
            return;
        }
        ClusterDetails c;
        List<ClusterEvent> events;
        try {
            c = clusters.get(project, name);
            events = clusters.events(project, name);
        } catch (NotFoundException e) {
            gone();
            return;
        }
        show(c, events);
    }

    private void show(ClusterDetails c, List<ClusterEvent> events) {
        lastStatus = c.status();
        status.removeAll();
        status.add(ClusterStatus.badge(c.status(), c.progress()));
        live.show(c);
        tables.show(c, events);
        actions.show(c);
        polling.want(ClusterStatus.inFlight(c.status()));
    }

    /** Deleted (or aborted, or force deleted): the service no longer knows it, and the page says so. */
    private void gone() {
        polling.want(false);
        String was = name;
        name = null;
        removeAll();
        EmptyState state = new EmptyState("Cluster " + was + " is gone", ("Aborting".equals(lastStatus)
                ? "Its deploy was aborted" : "It was deleted") + " and it no longer appears in the list of clusters of "
                + "project " + project + ". Its name is free again.", new RouterLink("All clusters", ClustersView.class));
        state.setId("cluster-gone");
        add(state);
    }
}
