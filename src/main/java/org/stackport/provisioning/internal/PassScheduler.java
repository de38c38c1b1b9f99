package org.stackport.provisioning.internal;

import java.time.Instant;
import org.springframework.stereotype.Component;
import org.stackport.shared.PassTriggers;

/** One Quartz job per cluster and one trigger: the next time the cluster wants a pass ({@link PassTriggers}). */
@Component
public class PassScheduler {

    private final PassTriggers triggers;

    PassScheduler(PassTriggers triggers) {
        this.triggers = triggers;
    }

    public void runAt(long clusterId, Instant at) {
        triggers.runAt("provisioning", "cluster-" + clusterId, ReconcileJob.class, ReconcileJob.CLUSTER_ID, clusterId, at);
    }
}
