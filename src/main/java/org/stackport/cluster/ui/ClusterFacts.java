package org.stackport.cluster.ui;

import com.vaadin.flow.component.formlayout.FormLayout;
import com.vaadin.flow.component.html.Span;
import org.stackport.cluster.ClusterDetails;
import org.stackport.cluster.ClusterSpec;
import org.stackport.ui.Times;

/** The request a cluster was made from: profile, account and placement, pools with labels and taints, policies. */
class ClusterFacts extends FormLayout {

    ClusterFacts(ClusterDetails c) {
        setId("cluster-facts");
        // one column: the facts read top to bottom, and a pool's or the policies' line has room
        setResponsiveSteps(new ResponsiveStep("0", 1));
        setMaxWidth("60rem");
        fact("Project", c.project());
        fact("Description", c.description());
        fact("Tags", String.join(", ", c.tags()));
        fact("Profile", c.profile() + " version " + c.profileVersion()
                + (c.packOverrides().isEmpty() ? "" : " (values changed for " + String.join(", ", c.packOverrides().keySet()) + ")"));
        fact("Cloud account", c.cloudAccount());
        ClusterSpec.Placement p = c.placement();
        fact("Placement", SpecText.placement(p));
        fact("SSH key", p.sshKeyName());
        fact("Master pool", SpecText.masterPool(c.masterPool()));
        for (ClusterSpec.WorkerPool w : c.workerPools()) {
            fact("Worker pool " + w.name(), SpecText.workerPool(w));
        }
        fact("Policies", SpecText.policies(c.policies()));
        fact("Created", Times.format(c.createdAt(), "—") + " by " + c.createdBy());
        fact("Cluster id", c.uid());
    }

    private void fact(String label, String value) {
        addFormItem(new Span(value == null || value.isBlank() ? "—" : value), label);
    }
}
