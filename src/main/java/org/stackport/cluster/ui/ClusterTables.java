package org.stackport.cluster.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.theme.lumo.LumoUtility;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.stackport.cluster.ClusterDetails;
import org.stackport.cluster.ClusterEvent;
import org.stackport.ui.Times;

/**
 * What provisioning did and made: its steps, the nodes by pool and zone, and the ledger of cloud resources. The
 * grids are refilled only when their rows changed, so a refresh every two seconds does not flicker.
 */
class ClusterTables extends Div {

    final Grid<ClusterEvent> steps = new Grid<>();
    final Grid<ClusterDetails.Node> nodes = new Grid<>();
    final Grid<ClusterDetails.Resource> resources = new Grid<>();
    private final Paragraph noSteps = quiet("No steps yet: provisioning has not started.");
    private final Paragraph noNodes = quiet("No nodes yet.");
    private final Paragraph noResources = quiet("Nothing in the cloud yet.");
    private final H3 stepsTitle = title("Steps");
    private final H3 nodesTitle = title("Nodes");
    private final H3 resourcesTitle = title("Cloud resources");
    private List<ClusterEvent> shownSteps;
    private List<ClusterDetails.Node> shownNodes;
    private List<ClusterDetails.Resource> shownResources;

    ClusterTables() {
        addClassNames(LumoUtility.Width.FULL);
        steps.setId("cluster-steps");
        steps.addColumn(ClusterEvent::task).setHeader("Step").setFlexGrow(2);
        steps.addComponentColumn(e -> ClusterStatus.step(e.state())).setHeader("State").setAutoWidth(true).setFlexGrow(0);
        steps.addColumn(ClusterEvent::message).setHeader("Message").setFlexGrow(3);
        steps.addColumn(ClusterEvent::attempts).setHeader("Attempts").setAutoWidth(true).setFlexGrow(0);
        steps.addColumn(e -> Times.format(e.at(), "—")).setHeader("Started").setAutoWidth(true).setFlexGrow(0)
                .setTooltipGenerator(e -> "Last change " + Times.format(e.updatedAt(), "—"));
        nodes.setId("cluster-nodes");
        nodes.addColumn(ClusterDetails.Node::name).setHeader("Name").setFlexGrow(2);
        nodes.addColumn(ClusterDetails.Node::pool).setHeader("Pool").setAutoWidth(true);
        nodes.addColumn(ClusterDetails.Node::role).setHeader("Role").setAutoWidth(true);
        nodes.addColumn(ClusterDetails.Node::availabilityZone).setHeader("Zone").setAutoWidth(true);
        nodes.addColumn(ClusterDetails.Node::status).setHeader("OpenStack").setAutoWidth(true);
        // Kubernetes' view beside OpenStack's, once Stackport has read the cluster's API
        nodes.addColumn(n -> n.ready() == null ? "—" : (n.ready() ? "Ready" : "NotReady")
                + (n.kubeletVersion() == null ? "" : " · " + n.kubeletVersion())).setHeader("Kubernetes").setAutoWidth(true);
        nodes.addColumn(n -> n.address() == null ? "—" : n.address()).setHeader("Address").setAutoWidth(true);
        resources.setId("cluster-resources");
        resources.addColumn(ClusterDetails.Resource::kind).setHeader("Kind").setAutoWidth(true).setFlexGrow(0);
        resources.addColumn(ClusterDetails.Resource::name).setHeader("Name").setFlexGrow(2);
        resources.addColumn(r -> r.id() == null ? "—" : r.id()).setHeader("Id").setFlexGrow(2);
        resources.addColumn(ClusterDetails.Resource::state).setHeader("State").setAutoWidth(true).setFlexGrow(0);
        for (Grid<?> g : List.of(steps, nodes, resources)) {
            g.setAllRowsVisible(true);
            g.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT, GridVariant.LUMO_ROW_STRIPES);
        }
        add(stepsTitle, noSteps, steps, nodesTitle, noNodes, nodes, resourcesTitle, noResources, resources);
    }

    void show(ClusterDetails c, List<ClusterEvent> started) {
        // newest first: what is happening now is on top, and a delete's steps come before the deploy's
        List<ClusterEvent> events = started.reversed();
        if (!Objects.equals(events, shownSteps)) {
            shownSteps = events;
            steps.setItems(events);
        }
        steps.setVisible(!events.isEmpty());
        noSteps.setVisible(events.isEmpty());
        stepsTitle.setText(events.isEmpty() ? "Steps" : "Steps (" + events.size() + ", newest first)");
        // by pool, then zone, so a pool's spread over the zones reads at a glance
        List<ClusterDetails.Node> byPool = c.nodes().stream().sorted(Comparator
                .comparing(ClusterDetails.Node::pool, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(ClusterDetails.Node::availabilityZone, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(ClusterDetails.Node::name, Comparator.nullsLast(Comparator.naturalOrder()))).toList();
        if (!Objects.equals(byPool, shownNodes)) {
            shownNodes = byPool;
            nodes.setItems(byPool);
        }
        nodes.setVisible(!byPool.isEmpty());
        noNodes.setVisible(byPool.isEmpty());
        nodesTitle.setText("Nodes (" + byPool.size() + ")");
        if (!Objects.equals(c.resources(), shownResources)) {
            shownResources = c.resources();
            resources.setItems(c.resources());
        }
        resources.setVisible(!c.resources().isEmpty());
        noResources.setVisible(c.resources().isEmpty());
        resourcesTitle.setText("Cloud resources (" + c.resources().size() + ")");
    }

    private static H3 title(String text) {
        H3 h = new H3(text);
        h.addClassNames(LumoUtility.Margin.Top.LARGE, LumoUtility.Margin.Bottom.SMALL, LumoUtility.FontSize.LARGE);
        return h;
    }

    private static Paragraph quiet(String text) {
        Paragraph p = new Paragraph(text);
        p.addClassNames(LumoUtility.TextColor.SECONDARY);
        return p;
    }
}
