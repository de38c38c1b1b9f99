package org.stackport.provisioning;

import org.stackport.cluster.ClusterDetails;
import org.stackport.provisioning.internal.Ledger;

/** A server of the ledger as the cluster page shows a node (its name tells its pool; its detail status, zone, address). */
final class Nodes {

    private Nodes() {
    }

    /** Control plane first, then by pool, then by the index that ends the name. */
    static final java.util.Comparator<ClusterDetails.Node> ORDER = java.util.Comparator
            .comparing((ClusterDetails.Node n) -> !"control-plane".equals(n.role()))
            .thenComparing(n -> n.name().contains("-") ? n.name().substring(0, n.name().lastIndexOf('-')) : n.name())
            .thenComparingInt(Nodes::index);

    private static int index(ClusterDetails.Node n) {
        try {
            return Integer.parseInt(n.name().substring(n.name().lastIndexOf('-') + 1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static ClusterDetails.Node of(Ledger.Resource r) {
        // sp-<uid8>-<pool|cp>-<index>
        String rest = r.name().length() > 12 ? r.name().substring(12) : r.name();
        String pool = rest.contains("-") ? rest.substring(0, rest.lastIndexOf('-')) : rest;
        boolean controlPlane = "cp".equals(pool);
        // "STATUS · zone · address" from OpenStack, then " · K8s Ready|NotReady · version" once Kubernetes knows it
        String[] detail = r.detail() == null ? new String[0] : r.detail().split(" · ");
        String status = r.gone() ? "DELETED" : detail.length > 0 && !detail[0].isBlank() ? detail[0] : r.state();
        Boolean ready = detail.length > 3 ? (Boolean) "K8s Ready".equals(detail[3]) : null;
        return new ClusterDetails.Node(r.name(), controlPlane ? "master" : pool, controlPlane ? "control-plane" : "worker",
                status, detail.length > 1 ? detail[1] : null, detail.length > 2 ? detail[2] : null, ready,
                detail.length > 4 ? detail[4] : null);
    }
}
