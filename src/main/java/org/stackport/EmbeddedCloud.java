package org.stackport;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.stackport.gateway.FirstGateway;
import org.stackport.gateway.GatewayRegistration;
import org.stackport.simulator.OpenStackSimulator;
import org.stackport.simulator.SimulatorLauncher;

/**
 * The one place that knows the default cloud is the embedded simulator: on the first start with the simulator on,
 * it becomes gateway {@code local-gateway} with cloud account {@code local-openstack}. The features (gateways,
 * accounts, clusters) see an OpenStack like any other.
 */
@Component
class EmbeddedCloud {

    static final String GATEWAY = "local-gateway";
    static final String ACCOUNT = "local-openstack";
    private static final Logger log = LoggerFactory.getLogger(EmbeddedCloud.class);

    private final ObjectProvider<SimulatorLauncher> simulator;
    private final FirstGateway firstGateway;

    EmbeddedCloud(ObjectProvider<SimulatorLauncher> simulator, FirstGateway firstGateway) {
        this.simulator = simulator;
        this.firstGateway = firstGateway;
    }

    @EventListener(ApplicationReadyEvent.class)
    void registerOnFirstStart() {
        SimulatorLauncher launcher = simulator.getIfAvailable();
        if (launcher == null) {
            return;
        }
        OpenStackSimulator cloud = launcher.simulator();
        try {
            firstGateway.registerIfNone(new GatewayRegistration(GATEWAY, "openstack", 1, true,
                    new GatewayRegistration.OpenStack(cloud.identityEndpoint(), "demo", "demo", false,
                            cloud.caCertificatePem(), "Default", "RegionOne", "dev",
                            new GatewayRegistration.Placement("static", "private", "private-subnet", List.of(), null),
                            null, "nova", false, false),
                    null, "192.168.0.0/16", "10.96.0.0/12", ACCOUNT))
                    .ifPresent(g -> log.info("Registered the embedded OpenStack as gateway '{}' with cloud account '{}'",
                            GATEWAY, ACCOUNT));
        } catch (RuntimeException e) {
            log.warn("Could not register the embedded OpenStack as a gateway: {}", e.getMessage());
        }
    }
}
