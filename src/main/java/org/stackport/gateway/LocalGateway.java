package org.stackport.gateway;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.stackport.gateway.internal.GatewayRepository;
import org.stackport.simulator.SimulatorLauncher;

/**
 * First start with the embedded simulator: register it as gateway {@code local-gateway}, which brings the
 * cloud account {@code local-openstack}, through the same service the console and API use, as the
 * bootstrap admin.
 */
@Component
class LocalGateway {

    static final String NAME = "local-gateway";
    static final String ACCOUNT = "local-openstack";
    private static final Logger log = LoggerFactory.getLogger(LocalGateway.class);

    private final ObjectProvider<SimulatorLauncher> simulator;
    private final GatewayRepository gateways;
    private final GatewayService service;
    private final GatewayHealth health;

    LocalGateway(ObjectProvider<SimulatorLauncher> simulator, GatewayRepository gateways, GatewayService service,
                 GatewayHealth health) {
        this.simulator = simulator;
        this.gateways = gateways;
        this.service = service;
        this.health = health;
    }

    @EventListener(ApplicationReadyEvent.class)
    void registerOnFirstStart() {
        SimulatorLauncher launcher = simulator.getIfAvailable();
        if (launcher == null || gateways.count() > 0) {
            return;
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("admin", null,
                List.of(new SimpleGrantedAuthority("ROLE_TENANT_ADMIN"))));
        SecurityContextHolder.setContext(context);
        try {
            GatewayView g = service.register(new GatewayRegistration(NAME, "openstack", 1, true,
                    new GatewayRegistration.OpenStack(launcher.simulator().identityEndpoint(), "demo", "demo", false,
                            launcher.simulator().caCertificatePem(),
                            "Default", "RegionOne", "dev",
                            new GatewayRegistration.Placement("static", "private", "private-subnet", List.of(), null),
                            null, "nova", false, false),
                    null, "192.168.0.0/16", "10.96.0.0/12", ACCOUNT));
            gateways.findByTenantIdAndName(gateways.findAll().getFirst().tenantId(), g.name())
                    .ifPresent(saved -> health.check(saved.id()));
            log.info("Registered the embedded OpenStack as gateway '{}' with cloud account '{}'", NAME, ACCOUNT);
        } catch (RuntimeException e) {
            log.warn("Could not register the embedded OpenStack as a gateway: {}", e.getMessage());
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
