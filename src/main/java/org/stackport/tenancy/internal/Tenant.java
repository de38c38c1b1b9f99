package org.stackport.tenancy.internal;

import java.time.Instant;
import org.springframework.data.annotation.Id;

public record Tenant(@Id Long id, String name, Instant createdAt) {
}
