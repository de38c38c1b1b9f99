package org.stackport.tenancy.internal;

import java.time.Instant;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.Version;
import org.springframework.data.relational.core.mapping.MappedCollection;

/** A project and its members (a small set, saved with the project). */
public record Project(@Id Long id, long tenantId, String name, String description, Instant createdAt,
                      @Version Integer version,
                      @MappedCollection(idColumn = "project_id") Set<Membership> members) {

    public Project {
        members = members == null ? Set.of() : Set.copyOf(members);
    }

    public static Project create(long tenantId, String name, String description, Instant now) {
        return new Project(null, tenantId, name, description, now, null, Set.of());
    }

    public Optional<Membership> memberOf(long userId) {
        return members.stream().filter(m -> m.userId() == userId).findFirst();
    }

    public Project withMember(long userId, String role, Instant now) {
        Set<Membership> next = new HashSet<>(members);
        next.removeIf(m -> m.userId() == userId);
        next.add(new Membership(userId, role, memberOf(userId).map(Membership::createdAt).orElse(now)));
        return new Project(id, tenantId, name, description, createdAt, version, next);
    }

    public Project withoutMember(long userId) {
        Set<Membership> next = new HashSet<>(members);
        next.removeIf(m -> m.userId() == userId);
        return new Project(id, tenantId, name, description, createdAt, version, next);
    }
}
