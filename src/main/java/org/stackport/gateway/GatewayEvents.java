package org.stackport.gateway;

import java.time.Clock;
import org.springframework.stereotype.Component;
import org.stackport.gateway.internal.GatewayEvent;
import org.stackport.gateway.internal.GatewayEventRepository;

/** Records what happens to a gateway, for its details page. */
@Component
class GatewayEvents {

    static final String INFO = "info";
    static final String WARNING = "warning";
    static final String ERROR = "error";

    private final GatewayEventRepository events;
    private final Clock clock;

    GatewayEvents(GatewayEventRepository events, Clock clock) {
        this.events = events;
        this.clock = clock;
    }

    void record(long gatewayId, String severity, String message) {
        String text = message.length() > 2000 ? message.substring(0, 1997) + "..." : message;
        events.save(new GatewayEvent(null, gatewayId, clock.instant(), severity, text));
    }
}
