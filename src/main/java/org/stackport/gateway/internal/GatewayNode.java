package org.stackport.gateway.internal;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A gateway node as its agent reports it: {@code Connected}, or {@code Lost} with why. */
@Table("gateway_node")
public record GatewayNode(@Id Long id, long gatewayId, String name, String address, String availabilityZone,
                          String agentVersion, String status, String statusReason, Instant connectedAt,
                          Instant lastHeartbeat) {

    public static final String CONNECTED = "Connected";
    public static final String LOST = "Lost";
}
