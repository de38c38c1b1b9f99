package org.stackport.provisioning.internal;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.stackport.provisioning.ProvisioningEngine;

/**
 * Quartz's handle on one pass of one cluster. {@link DisallowConcurrentExecution} holds per job, that is per cluster,
 * across instances sharing one PostgreSQL (clustered Quartz): a cluster is reconciled by one pass at a time.
 */
@DisallowConcurrentExecution
public class ReconcileJob implements Job {

    public static final String CLUSTER_ID = "clusterId";

    private ProvisioningEngine engine;
    private PassScheduler scheduler;

    @Autowired
    public void setEngine(ProvisioningEngine engine) {
        this.engine = engine;
    }

    @Autowired
    public void setScheduler(PassScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void execute(JobExecutionContext context) {
        long clusterId = context.getMergedJobDataMap().getLong(CLUSTER_ID);
        engine.pass(clusterId).ifPresent(next -> scheduler.runAt(clusterId, next));
    }
}
