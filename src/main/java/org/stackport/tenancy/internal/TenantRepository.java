package org.stackport.tenancy.internal;

import java.util.Optional;
import org.springframework.data.repository.ListCrudRepository;

public interface TenantRepository extends ListCrudRepository<Tenant, Long> {
    Optional<Tenant> findByName(String name);
}
