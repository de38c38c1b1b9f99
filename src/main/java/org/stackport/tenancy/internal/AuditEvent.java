package org.stackport.tenancy.internal;

import java.time.Instant;
import org.springframework.data.annotation.Id;

public record AuditEvent(@Id Long id, Instant at, String username, String action, String target, String outcome,
                         String detail) {
}
