package org.stackport.cluster.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;

/**
 * Deleting removes every machine and disk of the cluster and cannot be undone: the user types the cluster's name,
 * and the delete button opens only when it is the name exactly.
 */
class DeleteClusterDialog extends Dialog {

    final TextField typed = new TextField();
    final Button confirm = new Button("Delete cluster");
    final Checkbox volumeClaims = new Checkbox("Also delete its persistent volume claims (the CSI driver deletes their "
            + "volumes); otherwise those volumes stay in the cloud for you");

    DeleteClusterDialog(String cluster, String project, java.util.function.Consumer<Boolean> onConfirm) {
        setId("cluster-delete-dialog");
        setHeaderTitle("Delete cluster " + cluster + "?");
        setWidth("32rem");
        Paragraph what = new Paragraph("All virtual machines, volumes, the load balancer and the other cloud resources "
                + "Stackport created for the cluster in project " + project + " are removed. The cluster shows Deleting "
                + "with its progress, then it is gone. This cannot be undone.");
        typed.setId("cluster-delete-name");
        typed.setLabel("Type the cluster's name, " + cluster + ", to confirm");
        typed.setWidthFull();
        typed.setValueChangeMode(ValueChangeMode.EAGER);
        typed.setAutocomplete(com.vaadin.flow.component.textfield.Autocomplete.OFF);
        confirm.setId("cluster-delete-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        confirm.setEnabled(false);
        typed.addValueChangeListener(e -> confirm.setEnabled(cluster.equals(e.getValue())));
        confirm.addClickListener(e -> {
            // the button is only a convenience: the name is checked again here
            if (cluster.equals(typed.getValue())) {
                close();
                onConfirm.accept(volumeClaims.getValue());
            }
        });
        Button cancel = new Button("Cancel", e -> close());
        cancel.setId("cluster-delete-cancel");
        volumeClaims.setId("cluster-delete-volume-claims");
        add(what, typed, volumeClaims);
        getFooter().add(cancel, confirm);
        addOpenedChangeListener(e -> {
            if (e.isOpened()) {
                typed.focus();
            }
        });
    }
}
