package org.stackport.tenancy;

import java.time.Instant;

public record ProjectMember(String username, ProjectRole role, Instant since) {
}
