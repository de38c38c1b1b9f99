package org.stackport.profile.ui;

import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.Menu;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import jakarta.annotation.security.PermitAll;
import org.stackport.ui.EmptyState;

@Route("cluster-profiles")
@PageTitle("Cluster Profiles")
@Menu(title = "Cluster Profiles", order = 2, icon = "vaadin:stock")
@PermitAll
public class ClusterProfilesView extends VerticalLayout {

    public ClusterProfilesView() {
        add(new EmptyState("No cluster profiles",
                "Cluster profiles stack the packs a cluster is built from: operating system, Kubernetes, network, "
                        + "storage and add-ons. Building profiles is not available in this version of Stackport yet."));
    }
}
