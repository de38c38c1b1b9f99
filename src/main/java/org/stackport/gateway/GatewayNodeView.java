package org.stackport.gateway;

import java.time.Instant;

/** A gateway node as its agent reports it; {@code status} is {@code Connected} or {@code Lost} (with why). */
public record GatewayNodeView(String name, String address, String availabilityZone, String agentVersion,
                              Instant lastHeartbeat, String status, String statusDetail) {
}
