package org.stackport.account.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.progressbar.ProgressBarVariant;
import java.util.List;
import org.stackport.account.Quota;

/** One bar per resource: used of limit, amber from 80 %, red when full; unlimited and unreadable said in words. */
class QuotaPanel extends VerticalLayout {

    final List<Quota.Item> items;

    QuotaPanel(Quota quota) {
        this.items = quota.items();
        setPadding(false);
        setSpacing(false);
        setId("quota-panel");
        for (Quota.Item item : quota.items()) {
            Div row = new Div();
            row.addClassName("sp-quota-row");
            row.setWidthFull();
            Span label = new Span(item.label() + ": " + figures(item));
            label.addClassName("sp-quota-label");
            row.add(label);
            // a limit per server group has no usage to draw
            if (item.unavailable() == null && item.limit() >= 0 && !PER_GROUP.equals(item.resource())) {
                ProgressBar bar = new ProgressBar(0, 1, item.limit() == 0 ? 1 : item.usedShare());
                if (item.usedShare() >= 1) {
                    bar.addThemeVariants(ProgressBarVariant.LUMO_ERROR);
                } else if (item.usedShare() >= 0.8) {
                    bar.addThemeVariants(ProgressBarVariant.LUMO_CONTRAST);
                } else {
                    bar.addThemeVariants(ProgressBarVariant.LUMO_SUCCESS);
                }
                row.add(bar);
            }
            add(row);
        }
    }

    private static final String PER_GROUP = "serverGroupMembers";

    static String figures(Quota.Item item) {
        String unit = item.unit().isEmpty() ? "" : " " + item.unit();
        if (item.unavailable() != null) {
            return "could not be read (" + item.unavailable() + ")";
        }
        if (PER_GROUP.equals(item.resource())) {
            return item.limit() < 0 ? "no limit" : "at most " + item.limit() + " (each node pool is one server group)";
        }
        if (item.limit() < 0) {
            return item.used() + unit + " used, no limit";
        }
        return item.used() + " of " + item.limit() + unit + " used";
    }
}
