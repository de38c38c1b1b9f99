package org.stackport.gateway;

import java.time.Instant;

/** One entry of a gateway's event list; {@code severity} is info, warning or error. */
public record GatewayEventView(Instant at, String severity, String message) {
}
