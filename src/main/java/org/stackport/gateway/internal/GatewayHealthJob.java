package org.stackport.gateway.internal;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.stackport.gateway.GatewayHealth;

/** Quartz's handle on {@link GatewayHealth#check}; stored in the database, so it survives restarts. */
@DisallowConcurrentExecution
public class GatewayHealthJob implements Job {

    public static final String GATEWAY_ID = "gatewayId";

    private GatewayHealth health;

    @Autowired
    public void setHealth(GatewayHealth health) {
        this.health = health;
    }

    @Override
    public void execute(JobExecutionContext context) {
        health.check(context.getMergedJobDataMap().getLong(GATEWAY_ID));
    }
}
