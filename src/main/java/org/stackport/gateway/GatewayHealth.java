package org.stackport.gateway;

import java.time.Clock;
import java.time.Duration;
import org.quartz.JobBuilder;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.stackport.account.AccountSecrets;
import org.stackport.gateway.internal.Gateway;
import org.stackport.gateway.internal.GatewayHealthJob;
import org.stackport.gateway.internal.GatewayRepository;
import org.stackport.openstack.CloudFailure;
import org.stackport.openstack.IdentityApi;

/**
 * A gateway's heartbeat: every minute, authenticate with its cloud and make one cheap read. Success makes it
 * {@code Running}; three misses in a row make it {@code Unhealthy} with the cloud's reason; it recovers by itself.
 */
@Component
public class GatewayHealth {

    static final int MISSES_BEFORE_UNHEALTHY = 3;
    static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Logger log = LoggerFactory.getLogger(GatewayHealth.class);

    private final GatewayRepository gateways;
    private final AccountSecrets secrets;
    private final IdentityApi identity;
    private final Scheduler scheduler;
    private final Clock clock;
    private final GatewayEvents events;
    private final GatewayTunnels tunnels;

    GatewayHealth(GatewayRepository gateways, AccountSecrets secrets, IdentityApi identity, Scheduler scheduler, Clock clock,
                  GatewayEvents events, GatewayTunnels tunnels) {
        this.tunnels = tunnels;
        this.events = events;
        this.gateways = gateways;
        this.secrets = secrets;
        this.identity = identity;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    /** One check; runs outside any transaction around the cloud call. */
    public void check(long gatewayId) {
        try {
            checkOnce(gatewayId);
        } catch (org.springframework.dao.OptimisticLockingFailureException changedMeanwhile) {
            // another check (e.g. the first start's, beside the scheduled one) or an agent's arrival saved it first:
            // the next check looks again
            log.debug("Gateway {} changed during its health check; the next one looks again", gatewayId);
        }
    }

    private void checkOnce(long gatewayId) {
        Gateway g = gateways.findById(gatewayId).orElse(null);
        if (g == null || GatewayInstaller.DELETING.equals(g.status())
                || (g.agent() && GatewayService.UPGRADING.equals(g.status()))) {
            return; // the installer ends an agent gateway's upgrade, node by node
        }
        if (g.agent() && tunnels.linksOf(g.id()).isEmpty()) {
            // nothing to check through: Installing until the first agent connects, Upgrading while one is replaced
            if (!GatewayService.INSTALLING.equals(g.status()) && !GatewayService.UPGRADING.equals(g.status())
                    && !GatewayService.UNHEALTHY.equals(g.status())) {
                gateways.save(g.withHealth(GatewayService.UNHEALTHY, "no gateway agent is connected", g.lastHeartbeat(),
                        g.missedHeartbeats() + 1, clock.instant()));
                events.record(g.id(), GatewayEvents.ERROR, "Unhealthy: no gateway agent is connected.");
            }
            return;
        }
        String failure = null;
        try {
            var credentials = secrets.credentials(g.tenantId(), g.cloudAccount())
                    .orElseThrow(() -> new IllegalStateException("its cloud account '" + g.cloudAccount() + "' is gone"));
            identity.check(credentials);
            identity.regions(credentials);
        } catch (CloudFailure | IllegalStateException e) {
            failure = e.getMessage();
        }
        Gateway now = gateways.findById(gatewayId).orElse(null);
        if (now == null) {
            return;
        }
        if (failure == null && now.targetVersion() != null) {
            gateways.save(now.upgraded(clock.instant(), clock.instant()));
            events.record(now.id(), GatewayEvents.INFO, "Upgraded from " + now.softwareVersion() + " to "
                    + now.targetVersion() + "; the gateway is running.");
        } else if (failure == null) {
            gateways.save(now.withHealth(GatewayService.RUNNING, null, clock.instant(), 0, clock.instant()));
            switch (now.status()) {
                case GatewayService.INSTALLING -> events.record(now.id(), GatewayEvents.INFO,
                        "First health check succeeded: the gateway is running.");
                case GatewayService.UNHEALTHY -> events.record(now.id(), GatewayEvents.INFO,
                        "Recovered: the cloud answers again after " + now.missedHeartbeats() + " missed health checks.");
                default -> {
                    if (now.missedHeartbeats() > 0) {
                        events.record(now.id(), GatewayEvents.INFO, "Health check succeeded again.");
                    }
                }
            }
        } else {
            int missed = now.missedHeartbeats() + 1;
            String status = missed >= MISSES_BEFORE_UNHEALTHY ? GatewayService.UNHEALTHY : now.status();
            if (!status.equals(now.status())) {
                log.warn("Gateway {} is unhealthy: {}", now.name(), failure);
                events.record(now.id(), GatewayEvents.ERROR, "Unhealthy after " + missed + " missed health checks: " + failure);
            } else if (!GatewayService.UNHEALTHY.equals(status)) {
                events.record(now.id(), GatewayEvents.WARNING, "Health check missed (" + missed + " of "
                        + MISSES_BEFORE_UNHEALTHY + "): " + failure);
            }
            gateways.save(now.withHealth(status, failure, now.lastHeartbeat(), missed, clock.instant()));
        }
    }

    /** Every gateway has its health check, also one whose job was lost (e.g. a database restored without them). */
    @EventListener(ApplicationReadyEvent.class)
    void scheduleAll() {
        gateways.findAll().forEach(g -> schedule(g.id()));
    }

    void schedule(long gatewayId) {
        JobKey key = key(gatewayId);
        try {
            if (scheduler.checkExists(key)) {
                return;
            }
            scheduler.scheduleJob(JobBuilder.newJob(GatewayHealthJob.class).withIdentity(key)
                            .usingJobData(GatewayHealthJob.GATEWAY_ID, gatewayId).storeDurably().build(),
                    TriggerBuilder.newTrigger().withIdentity("gateway-health-" + gatewayId, "gateway").startNow()
                            .withSchedule(SimpleScheduleBuilder.simpleSchedule()
                                    .withIntervalInMilliseconds(INTERVAL.toMillis()).repeatForever()
                                    .withMisfireHandlingInstructionNextWithRemainingCount())
                            .build());
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not schedule the health check of gateway " + gatewayId, e);
        }
    }

    void unschedule(long gatewayId) {
        try {
            scheduler.deleteJob(key(gatewayId));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Could not stop the health check of gateway " + gatewayId, e);
        }
    }

    private static JobKey key(long gatewayId) {
        return JobKey.jobKey("gateway-health-" + gatewayId, "gateway");
    }
}
