package org.stackport.gateway;

import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.stackport.gateway.internal.GatewayRepository;

/**
 * A gateway registered on the first start, through the same service the console and the API use, as the bootstrap
 * admin, before anybody has signed in. Which cloud that is, is the application's business, not this module's.
 */
@Component
public class FirstGateway {

    private final GatewayRepository gateways;
    private final GatewayService service;
    private final GatewayHealth health;

    FirstGateway(GatewayRepository gateways, GatewayService service, GatewayHealth health) {
        this.gateways = gateways;
        this.service = service;
        this.health = health;
    }

    /** Registers the gateway and checks its health at once, when no gateway exists yet; else changes nothing. */
    public Optional<GatewayView> registerIfNone(GatewayRegistration registration) {
        if (gateways.count() > 0) {
            return Optional.empty();
        }
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated("admin", null,
                List.of(new SimpleGrantedAuthority("ROLE_TENANT_ADMIN"))));
        SecurityContextHolder.setContext(context);
        try {
            GatewayView g = service.register(registration);
            gateways.findByTenantIdAndName(gateways.findAll().getFirst().tenantId(), g.name())
                    .ifPresent(saved -> health.check(saved.id()));
            return Optional.of(g);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
