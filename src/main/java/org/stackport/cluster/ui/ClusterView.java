package org.stackport.cluster.ui;

import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import jakarta.annotation.security.PermitAll;
import org.stackport.cluster.ClusterDetails;
import org.stackport.cluster.ClusterService;
import org.stackport.cluster.ClusterSpec;
import org.stackport.shared.NotFoundException;
import org.stackport.ui.Badge;
import org.stackport.ui.CurrentProject;
import org.stackport.ui.EmptyState;
import org.stackport.ui.Times;

/**
 * One cluster of the current project: status, the request it was made from (pools with their labels and taints,
 * policies), its nodes once provisioned.
 */
@Route("clusters")
@PageTitle("Cluster")
@PermitAll
public class ClusterView extends VerticalLayout implements HasUrlParameter<String> {

    final Span status = new Span();
    private final ClusterService clusters;
    private final CurrentProject currentProject;

    public ClusterView(ClusterService clusters, CurrentProject currentProject) {
        this.clusters = clusters;
        this.currentProject = currentProject;
        setId("cluster-view");
        status.setId("cluster-status");
    }

    @Override
    public void setParameter(BeforeEvent event, String name) {
        removeAll();
        String project = currentProject.name().orElse(null);
        ClusterDetails c;
        try {
            if (project == null) {
                throw new NotFoundException("You are in no project.");
            }
            c = clusters.get(project, name);
        } catch (NotFoundException e) {
            add(new EmptyState("Cluster not found", e.getMessage(), new RouterLink("All clusters", ClustersView.class)));
            return;
        }
        status.removeAll();
        status.add(new Badge(c.status(), "Running".equals(c.status()) ? "success" : "Failed".equals(c.status()) ? "error" : ""));
        H2 title = new H2(c.name());
        title.setId("cluster-title");
        HorizontalLayout head = new HorizontalLayout(title, status, new Span(c.statusDetail() == null ? "" : c.statusDetail()));
        head.setAlignItems(Alignment.BASELINE);
        FormLayout facts = new FormLayout();
        // one column: the facts read top to bottom, and a pool's or the policies' line has room
        facts.setResponsiveSteps(new FormLayout.ResponsiveStep("0", 1));
        facts.setMaxWidth("60rem");
        fact(facts, "Project", c.project());
        fact(facts, "Description", c.description());
        fact(facts, "Tags", String.join(", ", c.tags()));
        fact(facts, "Profile", c.profile() + " version " + c.profileVersion()
                + (c.packOverrides().isEmpty() ? "" : " (values changed for " + String.join(", ", c.packOverrides().keySet()) + ")"));
        fact(facts, "Cloud account", c.cloudAccount());
        ClusterSpec.Placement p = c.placement();
        fact(facts, "Placement", SpecText.placement(p));
        fact(facts, "SSH key", p.sshKeyName());
        fact(facts, "Master pool", SpecText.masterPool(c.masterPool()));
        for (ClusterSpec.WorkerPool w : c.workerPools()) {
            fact(facts, "Worker pool " + w.name(), SpecText.workerPool(w));
        }
        fact(facts, "Policies", SpecText.policies(c.policies()));
        fact(facts, "Created", Times.format(c.createdAt(), "—") + " by " + c.createdBy());
        add(new RouterLink("← All clusters", ClustersView.class), head, facts, new H3("Nodes"),
                c.nodes().isEmpty() ? new Paragraph("No nodes yet: the cluster is " + c.status() + ".") : new Paragraph(
                        c.nodes().size() + " node(s)"));
    }

    private static void fact(FormLayout facts, String label, String value) {
        facts.addFormItem(new Span(value == null || value.isBlank() ? "—" : value), label);
    }
}
