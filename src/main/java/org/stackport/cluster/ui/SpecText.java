package org.stackport.cluster.ui;

import java.util.List;
import java.util.Map;
import org.stackport.cluster.ClusterSpec;

/**
 * A cluster request in sentences, the same on the wizard's review and on the cluster's page, so what was
 * reviewed is what the page shows: pools with their labels and taints, and the policies.
 */
final class SpecText {

    private SpecText() {
    }

    static String placement(ClusterSpec.Placement p) {
        return "domain " + p.domain() + ", region " + p.region() + ", project " + p.project() + "; "
                + ("static".equals(p.type()) ? "static placement on network " + p.network() + ", subnet " + p.subnet()
                : "dynamic placement on a new subnet " + p.subnetCidr() + " with DNS " + join(p.dnsServers()));
    }

    static String masterPool(ClusterSpec.MasterPool m) {
        return m.size() + " × " + m.instanceType() + " in " + join(m.availabilityZones()) + ", " + m.diskGiB() + " GiB"
                + (Boolean.TRUE.equals(m.allowWorkerCapability()) ? ", also runs workloads" : "")
                + "; " + labelsAndTaints(m.labels(), m.taints());
    }

    static String workerPool(ClusterSpec.WorkerPool w) {
        return (w.autoscaling() ? "autoscaled " + w.autoscaler().min() + "–" + w.autoscaler().max() : w.size() + " node(s)")
                + " × " + w.instanceType() + " in " + join(w.availabilityZones()) + ", " + w.diskGiB() + " GiB, "
                + w.rollingUpdate() + "; " + labelsAndTaints(w.labels(), w.taints());
    }

    static String labelsAndTaints(Map<String, String> labels, List<ClusterSpec.Taint> taints) {
        return "labels " + (labels == null || labels.isEmpty() ? "none" : Texts.labels(labels))
                + "; taints " + (taints == null || taints.isEmpty() ? "none" : Texts.taints(taints));
    }

    static String policies(ClusterSpec.Policies p) {
        if (p == null) {
            return "OS patch on boot off; no scans; no backups";
        }
        String patch = Boolean.TRUE.equals(p.osPatchOnBoot())
                ? "OS patch on boot on" + (Boolean.TRUE.equals(p.rebootIfRequired()) ? ", reboot if required" : ", no reboot")
                : "OS patch on boot off";
        String scan = blank(p.scanSchedule()) ? "no scans" : "scan schedule " + p.scanSchedule().strip();
        ClusterSpec.Backup b = p.backup();
        String backup = b == null || blank(b.schedule()) ? "no backups"
                : "backup schedule " + b.schedule().strip() + ", kept " + b.retentionDays() + " day(s)";
        return patch + "; " + scan + "; " + backup;
    }

    private static String join(List<String> items) {
        return items == null || items.isEmpty() ? "—" : String.join(", ", items);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
