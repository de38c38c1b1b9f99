package org.stackport.shared;

import java.time.Instant;
import java.util.Date;
import org.quartz.Job;
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
 * Background work done as short passes: one durable Quartz job per object (stored in the database, so a restart or
 * another instance carries it on) and one trigger, the next time the object wants a pass. Asking for an earlier
 * time wins; a later one never pushes back a wake-up already asked for (a user's request while a pass runs is not
 * lost). The job reschedules itself with what its pass returns.
 */
@Component
public class PassTriggers {

    private final Scheduler scheduler;

    PassTriggers(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /**
     * A pass of {@code job} for the object {@code id} at {@code at}.
     *
     * @param name    the job's and trigger's name in {@code group}, unique per object
     * @param dataKey the job data key under which the job finds {@code id}
     */
    public void runAt(String group, String name, Class<? extends Job> job, String dataKey, long id, Instant at) {
        JobKey jobKey = JobKey.jobKey(name, group);
        TriggerKey key = TriggerKey.triggerKey(name, group);
        Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(jobKey).startAt(Date.from(at))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow()).build();
        try {
            if (!scheduler.checkExists(jobKey)) {
                scheduler.addJob(JobBuilder.newJob(job).withIdentity(jobKey).usingJobData(dataKey, id).storeDurably()
                        .build(), true);
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
            throw new IllegalStateException("Could not schedule " + group + " pass " + name, e);
        }
    }

    /** Forgets the object's job and trigger (it is gone). */
    public void forget(String group, String name) {
        try {
            scheduler.deleteJob(JobKey.jobKey(name, group));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not remove " + group + " job " + name, e);
        }
    }
}
