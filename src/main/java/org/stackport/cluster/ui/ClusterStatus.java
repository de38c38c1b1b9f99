package org.stackport.cluster.ui;

import org.stackport.cluster.ClusterLifecycle;
import org.stackport.ui.Badge;

/** How a cluster's status reads in the console: the badge's tone, and the progress next to a status still moving. */
final class ClusterStatus {

    private ClusterStatus() {
    }

    /** Pending, Provisioning, Aborting and Deleting change on their own: a page showing them keeps looking. */
    static boolean inFlight(String status) {
        return ClusterLifecycle.IN_FLIGHT.contains(status);
    }

    /** "Provisioning 45%" while the cluster moves (Pending has made nothing yet), else the status alone. */
    static String label(String status, int progress) {
        return inFlight(status) && !"Pending".equals(status) ? status + " " + progress + "%" : status;
    }

    static String tone(String status) {
        return switch (status) {
            case "Running" -> "success";
            case "Failed" -> "error";
            case "Aborting", "Deleting" -> "warning";
            default -> "";
        };
    }

    static Badge badge(String status, int progress) {
        return new Badge(label(status, progress), tone(status));
    }

    /** A provisioning step's state (running, done, failed, retrying) as a badge. */
    static Badge step(String state) {
        return new Badge(state, switch (state) {
            case "done" -> "success";
            case "failed" -> "error";
            case "retrying" -> "warning";
            default -> "";
        });
    }
}
