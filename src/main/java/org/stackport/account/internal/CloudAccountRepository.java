package org.stackport.account.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface CloudAccountRepository extends ListCrudRepository<CloudAccount, Long> {

    Optional<CloudAccount> findByTenantIdAndName(long tenantId, String name);

    boolean existsByTenantIdAndName(long tenantId, String name);

    @Query("select * from cloud_account where tenant_id = :tenantId order by name")
    List<CloudAccount> inTenant(long tenantId);
}
