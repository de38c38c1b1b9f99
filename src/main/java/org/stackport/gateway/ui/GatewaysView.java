package org.stackport.gateway.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import jakarta.annotation.security.RolesAllowed;
import org.springframework.beans.factory.annotation.Value;
import org.stackport.gateway.GatewayService;
import org.stackport.gateway.GatewayView;
import org.stackport.security.Roles;
import org.stackport.ui.EmptyState;
import org.stackport.ui.Notifications;
import org.stackport.ui.Times;

/** Tenant Settings → Private Cloud Gateways: status, size and heartbeat of each gateway; registration. */
@Route("tenant/gateways")
@PageTitle("Tenant Settings · Private Cloud Gateways")
@Menu(title = "Private Cloud Gateways", order = 20, icon = "vaadin:connect")
@RolesAllowed(Roles.TENANT_ADMIN)
public class GatewaysView extends VerticalLayout {

    final Grid<GatewayView> grid = new Grid<>(GatewayView.class, false);
    final Button register = new Button("Register gateway", e -> openWizard());
    final EmptyState empty = new EmptyState("No private cloud gateways",
            "A gateway connects Stackport to one OpenStack region. Register one to create clusters there.");
    GatewayWizard wizard;
    private com.vaadin.flow.shared.Registration polling;
    private final GatewayService gateways;
    private final String consoleUrl;

    public GatewaysView(GatewayService gateways, @Value("${stackport.console-url:}") String consoleUrl) {
        this.gateways = gateways;
        this.consoleUrl = consoleUrl;
        setSizeFull();
        register.setId("register-gateway");
        register.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        grid.setId("gateways");
        grid.addComponentColumn(g -> new RouterLink(g.name(), GatewayDetailsView.class, g.name()))
                .setHeader("Name").setAutoWidth(true).setFlexGrow(0).setFrozen(true);
        grid.addColumn(g -> "openstack".equals(g.cloudType()) ? "OpenStack" : g.cloudType()).setHeader("Cloud type")
                .setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(GatewayDetailsView::status).setHeader("Status").setAutoWidth(true).setFlexGrow(0);
        // the detail can be a long cloud error: it takes the room that is left and wraps, the rest stay compact
        grid.addColumn(g -> g.statusDetail() == null ? "" : g.statusDetail()).setHeader("Detail").setWidth("6rem")
                .setFlexGrow(1).setTooltipGenerator(g -> g.statusDetail() == null ? "" : g.statusDetail());
        grid.addColumn(g -> (g.size() == 1 ? "1 node" : g.size() + " nodes") + ("agent".equals(g.mode())
                        ? ", " + g.nodes().stream().filter(n -> "Connected".equals(n.status())).count() + " up" : ""))
                // the tooltip says the mode: agent nodes and their agents, or direct
                .setHeader("Size").setAutoWidth(true).setFlexGrow(0)
                .setTooltipGenerator(g -> "agent".equals(g.mode()) ? g.nodes().stream()
                        .map(n -> n.name() + " (" + n.status() + ")").collect(java.util.stream.Collectors.joining(", "))
                        : "Direct: the console reaches this cloud itself; no agent runs in it");

        grid.addColumn(GatewayView::version).setHeader("Version").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(g -> g.lastHeartbeat() == null ? "never" : Times.minutes(g.lastHeartbeat())).setHeader("Last heartbeat")
                .setWidth("8rem").setFlexGrow(0);
        grid.addColumn(GatewayView::cloudAccount).setHeader("Cloud account").setAutoWidth(true).setFlexGrow(0);
        grid.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
        add(new Paragraph("A gateway connects Stackport to one OpenStack region. Registering one checks its "
                + "credentials with Keystone and creates its cloud account; a health check every minute keeps its status."),
                register, empty, grid);
        refresh();
    }

    @Override
    protected void onAttach(com.vaadin.flow.component.AttachEvent attachEvent) {
        attachEvent.getUI().setPollInterval(15_000);
        polling = attachEvent.getUI().addPollListener(e -> refresh());
    }

    @Override
    protected void onDetach(com.vaadin.flow.component.DetachEvent detachEvent) {
        detachEvent.getUI().setPollInterval(-1);
        if (polling != null) {
            polling.remove();
        }
    }

    void refresh() {
        var list = gateways.list();
        grid.setItems(list);
        grid.setVisible(!list.isEmpty());
        empty.setVisible(list.isEmpty());
    }

    void openWizard() {
        wizard = new GatewayWizard(gateways, AgentTokenDialog.consoleUrl(consoleUrl), created -> {
            refresh();
            Notifications.success("Gateway " + created.name() + " registered; cloud account " + created.cloudAccount()
                    + " created. It is " + created.status() + (created.agentToken() != null
                    ? " until its first agent connects." : " until its first health check."));
        });
        wizard.open();
    }
}
