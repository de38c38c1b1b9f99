package org.stackport.cluster.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.progressbar.ProgressBar;
import com.vaadin.flow.component.progressbar.ProgressBarVariant;
import com.vaadin.flow.theme.lumo.LumoUtility;
import org.stackport.cluster.ClusterDetails;

/** Where the cluster is: what the engine last said, how far it got, and the control-plane endpoint once there is one. */
class ClusterProgressPanel extends Div {

    final Span detail = new Span();
    final ProgressBar bar = new ProgressBar(0, 100);
    final Span percent = new Span();
    final Span endpoint = new Span();

    ClusterProgressPanel() {
        setId("cluster-live");
        addClassNames(LumoUtility.Display.FLEX, LumoUtility.FlexDirection.COLUMN, LumoUtility.Gap.SMALL,
                LumoUtility.Padding.MEDIUM, LumoUtility.Border.ALL, LumoUtility.BorderColor.CONTRAST_10,
                LumoUtility.BorderRadius.MEDIUM, LumoUtility.Width.FULL, LumoUtility.BoxSizing.BORDER);
        detail.setId("cluster-status-detail");
        detail.addClassNames(LumoUtility.TextColor.SECONDARY);
        bar.setId("cluster-progress");
        bar.getElement().setAttribute("aria-label", "Progress of the cluster's current operation");
        bar.addClassNames(LumoUtility.Margin.NONE);
        percent.setId("cluster-progress-text");
        percent.addClassNames(LumoUtility.FontWeight.SEMIBOLD, LumoUtility.FontSize.SMALL);
        percent.setMinWidth("3rem");
        Div barRow = new Div(bar, percent);
        barRow.addClassNames(LumoUtility.Display.FLEX, LumoUtility.AlignItems.CENTER, LumoUtility.Gap.MEDIUM);
        bar.addClassNames(LumoUtility.Flex.GROW);
        endpoint.setId("cluster-endpoint");
        Span endpointLabel = new Span("Control-plane endpoint: ");
        endpointLabel.addClassNames(LumoUtility.TextColor.SECONDARY);
        Div endpointRow = new Div(endpointLabel, endpoint);
        endpointRow.addClassNames(LumoUtility.FontSize.SMALL);
        add(detail, barRow, endpointRow);
    }

    void show(ClusterDetails c) {
        detail.setText(c.statusDetail() == null ? "" : c.statusDetail());
        bar.setValue(Math.max(0, Math.min(100, c.progress())));
        bar.removeThemeVariants(ProgressBarVariant.values());
        switch (c.status()) {
            case "Running" -> bar.addThemeVariants(ProgressBarVariant.LUMO_SUCCESS);
            case "Failed" -> bar.addThemeVariants(ProgressBarVariant.LUMO_ERROR);
            case "Aborting", "Deleting" -> bar.addThemeVariants(ProgressBarVariant.LUMO_CONTRAST);
            default -> {
            }
        }
        // Pending has not started: an empty bar that moves says so better than "0%"
        bar.setIndeterminate("Pending".equals(c.status()));
        percent.setText("Pending".equals(c.status()) ? "queued" : c.progress() + "%");
        boolean none = c.controlPlaneEndpoint() == null || c.controlPlaneEndpoint().isBlank();
        endpoint.setText(none ? "not yet known" : c.controlPlaneEndpoint());
        if (none) {
            endpoint.getStyle().remove("font-family");
        } else {
            endpoint.getStyle().set("font-family", "monospace");
        }
    }
}
