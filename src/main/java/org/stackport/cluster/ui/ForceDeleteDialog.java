package org.stackport.cluster.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Paragraph;
import java.util.List;
import java.util.function.Supplier;
import org.stackport.cluster.ClusterDetails;
import org.stackport.cluster.ClusterService;

/**
 * Force delete forgets a cluster whose delete is stuck. The dialog says first that cloud resources may remain, and
 * afterwards which ones, since they are the user's to clean up from then on.
 */
class ForceDeleteDialog extends Dialog {

    final Button confirm = new Button("Force delete");
    final Button cancel = new Button("Cancel", e -> close());
    final Grid<ClusterDetails.Resource> remaining = new Grid<>();
    final Paragraph text = new Paragraph();

    /** {@code forceDelete} calls the service and answers null when it refused (the caller told the user why). */
    ForceDeleteDialog(String cluster, String project, List<ClusterDetails.Resource> standing,
                      Supplier<ClusterService.ForceDeleted> forceDelete) {
        setId("cluster-force-delete-dialog");
        setHeaderTitle("Force delete cluster " + cluster + "?");
        setWidth("44rem");
        long left = standing.stream().filter(r -> !"gone".equals(r.state())).count();
        text.setText("The delete has not finished. Force delete makes one last attempt to remove the cluster's cloud "
                + "resources without waiting, then forgets the cluster. Whatever is not confirmed gone may remain in "
                + "the cloud, in OpenStack project " + project + ", and is yours to clean up"
                + (left == 0 ? "." : ": " + left + " resource(s) are not gone yet."));
        remaining.setId("cluster-force-delete-remaining");
        remaining.addColumn(ClusterDetails.Resource::kind).setHeader("Kind").setAutoWidth(true).setFlexGrow(0);
        remaining.addColumn(ClusterDetails.Resource::name).setHeader("Name").setFlexGrow(1);
        remaining.addColumn(r -> r.id() == null ? "—" : r.id()).setHeader("Id").setFlexGrow(1);
        remaining.setAllRowsVisible(true);
        remaining.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        remaining.setVisible(false);
        confirm.setId("cluster-force-delete-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        confirm.setDisableOnClick(true);
        confirm.addClickListener(e -> {
            ClusterService.ForceDeleted result = forceDelete.get();
            if (result == null) {
                close();
            } else {
                showResult(cluster, result.remaining());
            }
        });
        cancel.setId("cluster-force-delete-cancel");
        add(text, remaining);
        getFooter().add(cancel, confirm);
    }

    private void showResult(String cluster, List<ClusterDetails.Resource> left) {
        setHeaderTitle("Cluster " + cluster + " is force deleted");
        text.setText(left.isEmpty() ? "Nothing of it remains in the cloud."
                : "These " + left.size() + " cloud resource(s) may remain. Stackport no longer tracks them: remove "
                        + "them in OpenStack.");
        remaining.setItems(left);
        remaining.setVisible(!left.isEmpty());
        confirm.setVisible(false);
        cancel.setText("Close");
        cancel.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
    }
}
