package org.stackport.tenancy;

import java.time.Instant;

public record AuditEntry(Instant at, String user, String action, String target, String outcome, String detail) {
}
