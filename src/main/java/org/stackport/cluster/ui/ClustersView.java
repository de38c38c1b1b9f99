package org.stackport.cluster.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import com.vaadin.flow.router.RouterLink;
import jakarta.annotation.security.PermitAll;
import java.time.Duration;
import java.time.Instant;
import org.stackport.cluster.ClusterService;
import org.stackport.cluster.ClusterSummary;
import org.stackport.tenancy.ProjectAccess;
import org.stackport.tenancy.ProjectRole;
import org.stackport.ui.CurrentProject;
import org.stackport.ui.EmptyState;
import org.stackport.ui.Times;

/** The clusters of the current project, loaded page by page, filtered by status and tag. */
@Route("clusters")
@RouteAlias("")
@PageTitle("Clusters")
@Menu(title = "Clusters", order = 1, icon = "vaadin:cluster")
@PermitAll
public class ClustersView extends VerticalLayout {

    final Grid<ClusterSummary> grid = new Grid<>(ClusterSummary.class, false);
    final Select<String> status = new Select<>();
    final TextField tag = new TextField();
    final Button create = new Button("New cluster");
    final EmptyState empty;
    final Polling polling = new Polling(this, this::tick);
    private final ClusterService clusters;
    private final String project;
    /** Listed clusters still moving, as the grid last fetched them: the list polls while there is one. */
    private final java.util.Set<String> moving = new java.util.HashSet<>();

    public ClustersView(CurrentProject currentProject, ClusterService clusters, ProjectAccess access) {
        this.clusters = clusters;
        setId("clusters-view");
        setSizeFull();
        project = currentProject.name().orElse(null);
        if (project == null) {
            empty = new EmptyState("No project yet", "You are not a member of any project. Ask a tenant admin to add you to one.");
            add(empty);
            return;
        }
        Span where = new Span("Project: " + project);
        where.setId("clusters-project");
        create.setId("new-cluster");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        create.addClickListener(e -> getUI().ifPresent(ui -> ui.navigate(ClusterWizardView.class)));
        // viewers would only walk the wizard to be refused at the end; the service checks again all the same
        create.setVisible(mayCreate(access, project));
        status.setLabel("Status");
        status.setId("clusters-status-filter");
        status.setEmptySelectionAllowed(true);
        status.setEmptySelectionCaption("Any");
        status.setItems(ClusterService.STATUSES.stream().filter(s -> !"Deleted".equals(s)).toList());
        status.addValueChangeListener(e -> refresh());
        tag.setLabel("Tag");
        tag.setId("clusters-tag-filter");
        tag.setClearButtonVisible(true);
        tag.setValueChangeMode(ValueChangeMode.LAZY);
        tag.addValueChangeListener(e -> refresh());
        grid.setId("clusters");
        grid.addComponentColumn(c -> new RouterLink(c.name(), ClusterView.class, c.name())).setHeader("Name").setAutoWidth(true);
        grid.addComponentColumn(c -> ClusterStatus.badge(c.status(), c.progress())).setHeader("Status").setAutoWidth(true).setTooltipGenerator(ClusterSummary::statusDetail);
        grid.addColumn(c -> c.profile() + " " + c.profileVersion()).setHeader("Profile").setAutoWidth(true);
        grid.addColumn(ClusterSummary::nodes).setHeader("Nodes").setAutoWidth(true);
        grid.addColumn(c -> String.join(", ", c.tags())).setHeader("Tags").setFlexGrow(1);
        grid.addColumn(c -> age(c.createdAt())).setHeader("Age").setAutoWidth(true)
                .setTooltipGenerator(c -> "Created " + Times.format(c.createdAt(), "—"));
        empty = new EmptyState("No clusters in project " + project, create.isVisible()
                ? "Create one with the wizard: pick a profile, a cloud account and placement, size the node pools, review the "
                        + "plan and the preflight, then deploy."
                : "Your role in this project lets you read its clusters; a project admin or tenant admin creates them.");
        HorizontalLayout bar = new HorizontalLayout(where, create, status, tag);
        bar.setAlignItems(Alignment.BASELINE);
        add(bar, empty, grid);
        refresh();
    }

    void refresh() {
        moving.clear();
        polling.want(false);
        String s = status.getValue();
        String t = tag.getValue();
        grid.setItems(query -> fetched(clusters.list(project, s, t, query.getOffset(), query.getLimit()).items()).stream(),
                query -> counted((int) clusters.count(project, s, t)));
        showEmpty();
    }

    /** The poll's tick while a listed cluster moves: the same rows read again, the scroll position kept. */
    void tick() {
        // the grid's next fetch says again which listed clusters move; one deleted meanwhile is not among them
        moving.clear();
        grid.getDataProvider().refreshAll();
        showEmpty();
    }

    private void showEmpty() {
        boolean none = clusters.count(project, null, null) == 0;
        empty.setVisible(none);
        grid.setVisible(!none);
    }

    /** No rows, no fetch to say whether any moves: nothing to poll for. */
    private int counted(int rows) {
        if (rows == 0) {
            moving.clear();
            polling.want(false);
        }
        return rows;
    }

    private java.util.List<ClusterSummary> fetched(java.util.List<ClusterSummary> rows) {
        rows.forEach(c -> {
            if (ClusterStatus.inFlight(c.status())) {
                moving.add(c.name());
            } else {
                moving.remove(c.name());
            }
        });
        polling.want(!moving.isEmpty());
        return rows;
    }

    /** api.md Roles: tenant admins and the project's admins create clusters; project viewers only read them. */
    static boolean mayCreate(ProjectAccess access, String project) {
        return access.caller().tenantAdmin()
                || access.roleIn(project).filter(r -> r.includes(ProjectRole.PROJECT_ADMIN)).isPresent();
    }

    static String age(Instant created) {
        Duration d = Duration.between(created, Instant.now());
        if (d.toDays() > 0) {
            return d.toDays() + "d";
        }
        if (d.toHours() > 0) {
            return d.toHours() + "h";
        }
        return Math.max(0, d.toMinutes()) + "m";
    }
}
