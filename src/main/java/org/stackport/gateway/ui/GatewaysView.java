package org.stackport.gateway.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.stackport.gateway.GatewayService;
import org.stackport.gateway.GatewayView;
import org.stackport.security.Roles;
import org.stackport.shared.ConflictException;
import org.stackport.ui.Badge;
import org.stackport.ui.Notifications;

/** Tenant Settings → Private Cloud Gateways: status, size and heartbeat of each gateway. */
@Route("tenant/gateways")
@PageTitle("Tenant Settings · Private Cloud Gateways")
@Menu(title = "Private Cloud Gateways", order = 20, icon = "vaadin:connect")
@RolesAllowed(Roles.TENANT_ADMIN)
public class GatewaysView extends VerticalLayout {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    final Grid<GatewayView> grid = new Grid<>(GatewayView.class, false);
    private final GatewayService gateways;

    public GatewaysView(GatewayService gateways) {
        this.gateways = gateways;
        setSizeFull();
        grid.addColumn(GatewayView::name).setHeader("Name").setAutoWidth(true);
        grid.addColumn(GatewayView::cloudType).setHeader("Cloud type").setAutoWidth(true);
        grid.addComponentColumn(g -> new Badge(g.status(), switch (g.status()) {
            case GatewayService.RUNNING -> "success";
            case GatewayService.UNHEALTHY -> "error";
            default -> "";
        })).setHeader("Status").setAutoWidth(true);
        grid.addColumn(g -> g.statusDetail() == null ? "" : g.statusDetail()).setHeader("Detail").setFlexGrow(1);
        grid.addColumn(GatewayView::size).setHeader("Size").setAutoWidth(true);
        grid.addColumn(GatewayView::version).setHeader("Version").setAutoWidth(true);
        grid.addColumn(g -> g.lastHeartbeat() == null ? "never" : TIME.format(g.lastHeartbeat())).setHeader("Last heartbeat").setAutoWidth(true);
        grid.addColumn(GatewayView::cloudAccount).setHeader("Cloud account").setAutoWidth(true);
        grid.addComponentColumn(g -> {
            Button resize = new Button("Resize to 3", e -> resize(g));
            resize.setEnabled(g.size() == 1);
            return resize;
        }).setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(g -> {
            Button delete = new Button("Delete", e -> confirmDelete(g));
            delete.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
            return delete;
        }).setAutoWidth(true).setFlexGrow(0);
        refresh();
        add(new Paragraph("A gateway connects Stackport to one OpenStack region; registering one checks its credentials "
                + "with Keystone and creates its cloud account. Register gateways with POST /api/v1/gateways; the "
                + "console's registration wizard is not built yet."), grid);
    }

    private void refresh() {
        grid.setItems(gateways.list());
    }

    private void resize(GatewayView g) {
        try {
            gateways.resize(g.name(), 3);
            refresh();
            Notifications.success("Gateway " + g.name() + " grows to 3 nodes");
        } catch (ConflictException e) {
            Notifications.error(e.getMessage());
        }
    }

    private void confirmDelete(GatewayView g) {
        ConfirmDialog confirm = new ConfirmDialog("Delete gateway " + g.name() + "?",
                "Stackport stops using it and forgets its cloud account " + g.cloudAccount() + ".", "Delete", e -> {
            gateways.delete(g.name());
            refresh();
            Notifications.success("Gateway " + g.name() + " deleted");
        });
        confirm.setCancelable(true);
        confirm.setConfirmButtonTheme("error primary");
        confirm.open();
    }
}
