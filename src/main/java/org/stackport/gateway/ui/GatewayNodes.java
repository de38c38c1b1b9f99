package org.stackport.gateway.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import org.stackport.gateway.GatewayNodeView;
import org.stackport.gateway.GatewayService;
import org.stackport.gateway.GatewayView;
import org.stackport.shared.ConflictException;
import org.stackport.ui.Badge;
import org.stackport.ui.EmptyState;
import org.stackport.ui.Notifications;
import org.stackport.ui.Times;

/**
 * An agent gateway's nodes as their agents report them, how to run an agent while none has connected, and the
 * replacement of the agents' token. Hidden for a direct gateway, which has no agents.
 */
class GatewayNodes extends VerticalLayout {

    static final String IP_BUDGET = "IP addresses: one per gateway node. The agents dial out, so the gateway needs no "
            + "inbound port, no VIP and no spare address: the budget of the nodes' addresses plus a control-plane VIP "
            + "plus a spare shrinks to one address per node.";

    final Grid<GatewayNodeView> grid = new Grid<>(GatewayNodeView.class, false);
    final EmptyState empty;
    final Paragraph summary = new Paragraph();
    final Button rotateToken = new Button("Replace token", e -> confirmRotate());
    AgentTokenDialog tokenDialog;
    private final GatewayService gateways;
    private final String consoleUrl;
    private final Runnable changed;
    private String name;

    GatewayNodes(GatewayService gateways, String consoleUrl, Runnable changed) {
        this.gateways = gateways;
        this.consoleUrl = consoleUrl;
        this.changed = changed;
        setPadding(false);
        setId("gateway-nodes-section");
        rotateToken.setId("gateway-rotate-token");
        grid.setId("gateway-nodes");
        grid.setAllRowsVisible(true);
        grid.addColumn(GatewayNodeView::name).setHeader("Node").setAutoWidth(true);
        grid.addColumn(GatewayNodeView::address).setHeader("Address").setAutoWidth(true);
        grid.addColumn(n -> n.availabilityZone() == null || n.availabilityZone().isBlank() ? "—" : n.availabilityZone())
                .setHeader("Zone").setAutoWidth(true);
        grid.addColumn(GatewayNodeView::agentVersion).setHeader("Agent version").setAutoWidth(true);
        grid.addColumn(n -> Times.format(n.lastHeartbeat(), "never")).setHeader("Last heartbeat").setAutoWidth(true);
        grid.addComponentColumn(n -> new Badge(n.status(), "Connected".equals(n.status()) ? "success" : "error"))
                .setHeader("Status").setAutoWidth(true)
                .setTooltipGenerator(n -> n.statusDetail() == null ? n.status() : n.statusDetail());
        Pre command = new Pre(AgentTokenDialog.command(consoleUrl));
        command.getStyle().set("white-space", "pre-wrap").set("overflow-wrap", "anywhere");
        empty = new EmptyState("No agent has connected yet", AgentTokenDialog.WHERE_TO_RUN,
                new Paragraph("Save the token shown at registration in " + AgentTokenDialog.TOKEN_FILE
                        + " on each node (readable only by the agent's user) and run:"), command,
                new Paragraph("The gateway is Running once an agent is connected. A lost token cannot be shown again: "
                        + "replace it."));
        HorizontalLayout actions = new HorizontalLayout(rotateToken);
        add(new H3("Nodes"), summary, new Paragraph(IP_BUDGET), empty, grid, actions);
    }

    /** Shows the gateway's nodes; hidden unless it is an agent gateway. */
    void show(GatewayView g) {
        this.name = g.name();
        setVisible(isAgent(g));
        if (!isAgent(g)) {
            return;
        }
        long connected = g.nodes().stream().filter(n -> "Connected".equals(n.status())).count();
        summary.setText(connected + " of " + (g.size() == 1 ? "1 node" : g.size() + " nodes") + " connected; agents "
                + "should run version " + g.agentVersion() + ".");
        grid.setItems(g.nodes());
        grid.setVisible(!g.nodes().isEmpty());
        empty.setVisible(g.nodes().isEmpty());
    }

    static boolean isAgent(GatewayView g) {
        return "agent".equals(g.mode());
    }

    /** The line that says how the console reaches the gateway's cloud. */
    static String modeLine(GatewayView g) {
        return isAgent(g) ? "Agent: agents in the cloud carry the console's connections"
                : "Direct: the console reaches this cloud itself; no agent runs in it";
    }

    private void confirmRotate() {
        ConfirmDialog confirm = new ConfirmDialog("Replace the agent token of " + name + "?",
                "The current token stops working at once: its agents are disconnected and stay away until they are "
                        + "given the new token, which is shown once.", "Replace token", e -> rotate());
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    void rotate() {
        try {
            GatewayView g = gateways.rotateToken(name);
            tokenDialog = new AgentTokenDialog(g, consoleUrl);
            tokenDialog.open();
        } catch (ConflictException ex) {
            Notifications.error(ex.getMessage());
        }
        changed.run();
    }
}
