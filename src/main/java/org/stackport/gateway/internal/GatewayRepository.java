package org.stackport.gateway.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface GatewayRepository extends ListCrudRepository<Gateway, Long> {

    Optional<Gateway> findByTenantIdAndName(long tenantId, String name);

    boolean existsByTenantIdAndName(long tenantId, String name);

    @Query("select * from gateway where tenant_id = :tenantId order by name")
    List<Gateway> inTenant(long tenantId);

    Optional<Gateway> findByAgentTokenHash(String agentTokenHash);
}
