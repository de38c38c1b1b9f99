package org.stackport.gateway.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEvent;
import com.vaadin.flow.router.HasUrlParameter;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.shared.Registration;
import jakarta.annotation.security.RolesAllowed;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.stackport.gateway.GatewayDetails;
import org.stackport.gateway.GatewayEventView;
import org.stackport.gateway.GatewayService;
import org.stackport.gateway.GatewayView;
import org.stackport.security.Roles;
import org.stackport.shared.ConflictException;
import org.stackport.shared.NotFoundException;
import org.stackport.ui.Badge;
import org.stackport.ui.EmptyState;
import org.stackport.ui.Notifications;
import org.stackport.ui.Times;

/** One gateway: status, mode, install choices, its agents' nodes, events; check now, resize, replace token, delete. */
@Route("tenant/gateways")
@PageTitle("Tenant Settings · Private Cloud Gateway")
@RolesAllowed(Roles.TENANT_ADMIN)
public class GatewayDetailsView extends VerticalLayout implements HasUrlParameter<String> {

    final Grid<GatewayEventView> events = new Grid<>(GatewayEventView.class, false);
    final Button checkNow = new Button("Check now", e -> checkNow());
    final Button resize = new Button("Resize to 3 nodes", e -> confirmResize());
    final Button delete = new Button("Delete", e -> confirmDelete());
    final Button upgrade = new Button("Upgrade", e -> confirmUpgrade());
    final Button redeploy = new Button("Edit and redeploy", e -> openRedeploy());
    GatewayWizard wizard;
    final Span status = new Span();
    final Span detail = new Span();
    final GatewayNodes nodes;
    private final GatewayService gateways;
    private String name;
    private Registration polling;

    public GatewayDetailsView(GatewayService gateways, @Value("${stackport.console-url:}") String consoleUrl) {
        this.gateways = gateways;
        this.nodes = new GatewayNodes(gateways, AgentTokenDialog.consoleUrl(consoleUrl), this::render);
        // not full height: the facts take most of a laptop screen, and a full-height column would squeeze the
        // events grid to a few pixels; the page scrolls instead
        setWidthFull();
        checkNow.setId("gateway-check-now");
        redeploy.setId("gateway-redeploy");
        resize.setId("gateway-resize");
        delete.setId("gateway-delete");
        status.setId("gateway-status");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        events.setId("gateway-events");
        events.setHeight("24rem");
        events.setMinHeight("24rem");
        events.addColumn(e -> Times.format(e.at(), "—")).setHeader("Time").setAutoWidth(true).setFlexGrow(0);
        events.addComponentColumn(e -> new Badge(e.severity(), switch (e.severity()) {
            case "error" -> "error";
            case "warning" -> "warning";
            default -> "";
        })).setHeader("Severity").setAutoWidth(true).setFlexGrow(0);
        events.addColumn(GatewayEventView::message).setHeader("Event").setFlexGrow(1).setTooltipGenerator(GatewayEventView::message);
        events.addThemeVariants(GridVariant.LUMO_WRAP_CELL_CONTENT);
    }

    @Override
    public void setParameter(BeforeEvent event, String gatewayName) {
        this.name = gatewayName;
        render();
    }

    private void render() {
        removeAll();
        GatewayDetails d;
        try {
            d = gateways.details(name);
        } catch (NotFoundException e) {
            add(new EmptyState("Gateway not found", e.getMessage(), new RouterLink("All gateways", GatewaysView.class)));
            return;
        }
        GatewayView g = d.gateway();
        showStatus(g);
        resize.setEnabled(g.size() == 1);
        upgrade.setVisible(g.availableUpgrade() != null);
        upgrade.setText("Upgrade to " + g.availableUpgrade());
        upgrade.setId("gateway-upgrade");
        HorizontalLayout title = new HorizontalLayout(new H2(g.name()), status, detail);
        title.setAlignItems(Alignment.BASELINE);
        title.setWrap(true);
        HorizontalLayout actions = new HorizontalLayout(checkNow, redeploy, resize, upgrade, delete);
        actions.setWrap(true);
        FormLayout facts = new FormLayout();
        facts.setId("gateway-facts");
        fact(facts, "Cloud type", "openstack".equals(g.cloudType()) ? "OpenStack" : g.cloudType());
        fact(facts, "Mode", GatewayNodes.modeLine(g));
        fact(facts, "Size", g.size() == 1 ? "1 node" : g.size() + " nodes");
        fact(facts, "Version", g.version());
        fact(facts, "Last heartbeat", Times.format(g.lastHeartbeat(), "never"));
        fact(facts, "Cloud account", g.cloudAccount() + (g.shareAcrossProjects() ? " (shared with all projects)" : " (tenant admins only)"));
        fact(facts, "Registered", Times.format(g.createdAt(), "—"));
        describe(facts, d.settings());
        events.setItems(d.events());
        nodes.show(g);
        add(new RouterLink("← All gateways", GatewaysView.class), title, actions, facts, nodes, new H3("Events"), events);
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        // agents connect and go away on their own: status and nodes follow without a reload
        attachEvent.getUI().setPollInterval(15_000);
        polling = attachEvent.getUI().addPollListener(e -> refresh());
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        detachEvent.getUI().setPollInterval(-1);
        if (polling != null) {
            polling.remove();
        }
    }

    void refresh() {
        try {
            GatewayView g = gateways.get(name);
            showStatus(g);
            nodes.show(g);
        } catch (NotFoundException e) {
            render();
        }
    }

    private void showStatus(GatewayView g) {
        status.removeAll();
        status.add(status(g));
        detail.setText(g.statusDetail() == null ? "" : g.statusDetail());
    }

    private static void fact(FormLayout facts, String label, String value) {
        Span text = new Span(value == null || value.isBlank() ? "—" : value);
        // long unbroken values (an SSH key, a no-proxy list) wrap instead of running off the screen
        text.getStyle().set("overflow-wrap", "anywhere").set("min-width", "0");
        facts.addFormItem(text, label);
    }

    /** The install choices in the order of the seed's {@code pcg install} prompts, with its labels. */
    private static final List<List<String>> SETTINGS = List.of(
            List.of("proxy.https", "HTTPS proxy"), List.of("proxy.http", "HTTP proxy"), List.of("proxy.noProxy", "No proxy"),
            List.of("proxy.caCertificatePath", "Proxy CA certificate file path"), List.of("podCidr", "Pod CIDR"),
            List.of("serviceCidr", "Service IP range"), List.of("placement.type", "Placement type"),
            List.of("placement.network", "Network"), List.of("placement.subnet", "Subnet"),
            List.of("placement.dnsServers", "DNS server(s)"), List.of("placement.nodeCidr", "Node CIDR"),
            List.of("sshPublicKey", "SSH public key"), List.of("patchOsOnBoot", "Patch OS on boot"),
            List.of("rebootAfterPatch", "Reboot nodes once the OS patch is applied"),
            List.of("availabilityZone", "Availability zone"));

    private static void describe(FormLayout facts, Map<String, Object> settings) {
        for (List<String> setting : SETTINGS) {
            Object value = settings;
            for (String key : setting.get(0).split("\\.")) {
                value = value instanceof Map<?, ?> map ? map.get(key) : null;
            }
            String text = switch (value) {
                case null -> "";
                case List<?> list -> String.join(", ", list.stream().map(String::valueOf).toList());
                case Boolean b -> b ? "yes" : "no";
                default -> String.valueOf(value);
            };
            if (setting.get(0).startsWith("placement.") && !setting.get(0).equals("placement.type") && text.isEmpty()) {
                continue;
            }
            fact(facts, setting.get(1), text);
        }
    }

    void checkNow() {
        GatewayView g = gateways.checkNow(name);
        render();
        // A good check clears the reason; a miss leaves it but keeps the status (Running until several misses in
        // a row), so the status alone does not say what this check found.
        if (g.statusDetail() == null && GatewayService.RUNNING.equals(g.status())) {
            Notifications.success("Gateway " + name + " answered: it is running");
        } else if (GatewayService.UNHEALTHY.equals(g.status())) {
            Notifications.error("Gateway " + name + " did not answer: " + g.statusDetail() + ". It is Unhealthy.");
        } else {
            Notifications.error("Gateway " + name + " did not answer: " + g.statusDetail() + ". It stays " + g.status()
                    + " until it misses several checks in a row.");
        }
    }

    private void confirmResize() {
        ConfirmDialog confirm = new ConfirmDialog("Resize " + name + " to 3 nodes?",
                "Two more nodes make the gateway highly available. A gateway cannot shrink back to 1 node.", "Resize", e -> {
            try {
                gateways.resize(name, 3);
                Notifications.success("Gateway " + name + " grows to 3 nodes");
            } catch (ConflictException ex) {
                Notifications.error(ex.getMessage());
            }
            render();
        });
        confirm.setCancelable(true);
        confirm.open();
    }

    void openRedeploy() {
        wizard = new GatewayWizard(gateways, gateways.current(name), g -> {
            Notifications.success("Gateway " + g.name() + " redeploys with the new settings; it is " + g.status()
                    + " until its next health check");
            render();
        });
        wizard.open();
    }

    private void confirmUpgrade() {
        String target = gateways.get(name).availableUpgrade();
        ConfirmDialog confirm = new ConfirmDialog("Upgrade " + name + " to " + target + "?",
                "Clusters keep running. New cluster requests wait until the upgrade ends.", "Upgrade", e -> {
            try {
                gateways.upgrade(name, target);
                Notifications.success("Gateway " + name + " is upgrading to " + target);
            } catch (ConflictException ex) {
                Notifications.error(ex.getMessage());
            }
            render();
        });
        confirm.setCancelable(true);
        confirm.open();
    }

    private void confirmDelete() {
        GatewayView g = gateways.get(name);
        ConfirmDialog confirm = new ConfirmDialog("Delete gateway " + name + "?",
                "Stackport stops using it and forgets its cloud account " + g.cloudAccount() + ". Stackport created no "
                        + "machines in OpenStack for this gateway, so nothing is left behind there by Stackport.",
                "Delete", e -> {
            try {
                gateways.delete(name);
                Notifications.success("Gateway " + name + " deleted");
                getUI().ifPresent(ui -> ui.navigate(GatewaysView.class));
            } catch (ConflictException ex) {
                ConfirmDialog refused = new ConfirmDialog("Gateway " + name + " is in use", ex.getMessage(), "OK", x -> {
                });
                refused.open();
            }
        });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }

    static Badge status(GatewayView g) {
        return new Badge(g.status(), switch (g.status()) {
            case GatewayService.RUNNING -> "success";
            case GatewayService.UNHEALTHY -> "error";
            default -> "";
        });
    }
}
