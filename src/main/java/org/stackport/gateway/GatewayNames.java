package org.stackport.gateway;

import org.springframework.stereotype.Component;
import org.stackport.account.GatewayDirectory;
import org.stackport.gateway.internal.GatewayRepository;

/** Tells the cloud accounts which gateways exist. */
@Component
class GatewayNames implements GatewayDirectory {

    private final GatewayRepository gateways;

    GatewayNames(GatewayRepository gateways) {
        this.gateways = gateways;
    }

    @Override
    public boolean exists(long tenantId, String gateway) {
        return gateways.existsByTenantIdAndName(tenantId, gateway);
    }

    @Override
    public java.util.Optional<String> owning(long tenantId, String account) {
        return gateways.inTenant(tenantId).stream().filter(g -> g.cloudAccount().equals(account)).map(g -> g.name()).findFirst();
    }

    @Override
    public java.util.Optional<String> status(long tenantId, String gateway) {
        return gateways.findByTenantIdAndName(tenantId, gateway).map(g -> g.status());
    }
}
