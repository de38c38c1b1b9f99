package org.stackport.simulator;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Runs the embedded OpenStack beside the console when {@code stackport.simulator.enabled} is true (the
 * default): started before the web server, stopped after it.
 */
@Component
@ConditionalOnProperty(name = "stackport.simulator.enabled", havingValue = "true", matchIfMissing = true)
public class SimulatorLauncher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SimulatorLauncher.class);

    private final SimulatorProperties properties;
    private volatile OpenStackSimulator simulator;

    SimulatorLauncher(SimulatorProperties properties) {
        this.properties = properties;
    }

    @Override
    public void start() {
        simulator = properties.tls()
                ? OpenStackSimulator.startHttps(properties.port(), properties.settings(), Clock.systemUTC())
                : OpenStackSimulator.start(properties.port(), properties.settings(), Clock.systemUTC(), properties.floatingIpRange());
        log.info("OpenStack simulator listening on {} (Keystone {}; user demo/demo, project dev, region RegionOne; "
                        + "floating IPs and simulated Kubernetes APIs on {})",
                simulator.baseUrl(), simulator.identityEndpoint(), simulator.floatingIpRange());
        if (simulator.caCertificatePem() != null) {
            log.info("OpenStack simulator serves HTTPS; its CA certificate (for a cloud account's CA field):\n{}",
                    simulator.caCertificatePem());
        }
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }

    @Override
    public boolean isRunning() {
        return simulator != null;
    }

    /** Before the web server (which starts in a later phase), so the console never sees it missing. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    /** The running simulator, for start-up registration and tests. */
    public OpenStackSimulator simulator() {
        if (simulator == null) {
            throw new IllegalStateException("The OpenStack simulator is not running");
        }
        return simulator;
    }
}
