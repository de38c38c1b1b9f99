package org.stackport.gateway.internal;

import java.util.Optional;
import java.time.Instant;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.springframework.beans.factory.annotation.Autowired;

/** Quartz's handle on one pass of a gateway's install, resize or removal; reschedules itself for the next. */
@DisallowConcurrentExecution
public class GatewayInstallJob implements Job {

    public static final String GATEWAY_ID = "gatewayId";

    /** Implemented by the installer (in the module's root package). */
    public interface Passes {
        Optional<Instant> pass(long gatewayId);

        void runAt(long gatewayId, Instant at);
    }

    private Passes passes;

    @Autowired
    public void setPasses(Passes passes) {
        this.passes = passes;
    }

    @Override
    public void execute(JobExecutionContext context) {
        long id = context.getMergedJobDataMap().getLong(GATEWAY_ID);
        passes.pass(id).ifPresent(next -> passes.runAt(id, next));
    }
}
