package org.stackport.tenancy.ui;

import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.RolesAllowed;
import org.stackport.security.Roles;
import org.stackport.tenancy.AuditEntry;
import org.stackport.tenancy.AuditLog;
import org.stackport.ui.Badge;
import org.stackport.ui.Times;

/** Every change, newest first, loaded page by page. */
@Route("tenant/audit")
@PageTitle("Tenant Settings · Audit")
@Menu(title = "Audit", order = 25, icon = "vaadin:list")
@RolesAllowed(Roles.TENANT_ADMIN)
public class AuditView extends VerticalLayout {

    final Grid<AuditEntry> grid = new Grid<>(AuditEntry.class, false);

    public AuditView(AuditLog audit) {
        setSizeFull();
        grid.addColumn(e -> Times.minutes(e.at())).setHeader("When").setAutoWidth(true);
        // widths do not follow the content: a long name or target must not push the grid sideways (hover shows all)
        grid.addColumn(AuditEntry::user).setHeader("User").setWidth("8rem").setFlexGrow(0)
                .setTooltipGenerator(AuditEntry::user);
        grid.addColumn(AuditEntry::action).setHeader("Action").setWidth("11rem").setFlexGrow(0)
                .setTooltipGenerator(AuditEntry::action);
        grid.addColumn(AuditEntry::target).setHeader("Target").setWidth("10rem").setFlexGrow(1)
                .setTooltipGenerator(AuditEntry::target);
        grid.addComponentColumn(e -> new Badge(e.outcome(), AuditLog.SUCCESS.equals(e.outcome()) ? "success" : "error"))
                .setHeader("Outcome");
        grid.addColumn(e -> e.detail() == null ? "" : e.detail()).setHeader("Detail").setWidth("6rem").setFlexGrow(2)
                .setTooltipGenerator(e -> e.detail() == null ? "" : e.detail());
        grid.setItems(q -> audit.list(q.getOffset(), Math.min(q.getLimit(), 1000)).stream());
        add(grid);
    }
}
