package org.stackport.gateway.internal;

import java.time.Instant;
import org.springframework.data.annotation.Id;

/** Something that happened to a gateway: registration, health changes, resize, upgrade. */
public record GatewayEvent(@Id Long id, long gatewayId, Instant at, String severity, String message) {
}
