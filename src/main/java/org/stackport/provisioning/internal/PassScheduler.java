package org.stackport.provisioning.internal;

import java.time.Instant;
import java.util.Date;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.ObjectAlreadyExistsException;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.springframework.stereotype.Component;

/**
 * One Quartz job per cluster (stored in the database, so a restart or another instance carries it on) and one
 * trigger: the next time the cluster wants a pass. Asking for an earlier time wins; a later one never pushes back a
 * wake-up already asked for (a user's abort while a pass runs is not lost).
 */
@Component
public class PassScheduler {

    private static final String GROUP = "provisioning";

    private final Scheduler scheduler;

    PassScheduler(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    public void runAt(long clusterId, Instant at) {
        JobKey job = JobKey.jobKey("cluster-" + clusterId, GROUP);
        TriggerKey key = TriggerKey.triggerKey("cluster-" + clusterId, GROUP);
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(job).startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build();
        try {
            if (!scheduler.checkExists(job)) {
                scheduler.addJob(JobBuilder.newJob(ReconcileJob.class).withIdentity(job)
                        .usingJobData(ReconcileJob.CLUSTER_ID, clusterId).storeDurably().build(), true);
            }
            Trigger existing = scheduler.getTrigger(key);
            if (existing == null) {
                try {
                    scheduler.scheduleJob(trigger);
                } catch (ObjectAlreadyExistsException raced) {
                    scheduler.rescheduleJob(key, trigger);
                }
            } else if (existing.getNextFireTime() == null || existing.getNextFireTime().after(Date.from(at))) {
                scheduler.rescheduleJob(key, trigger);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not schedule provisioning of cluster " + clusterId, e);
        }
    }
}
