package org.stackport.tenancy.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface AppUserRepository extends ListCrudRepository<AppUser, Long> {

    Optional<AppUser> findByUsername(String username);

    boolean existsByUsername(String username);

    @Query("select * from app_user where tenant_id = :tenantId order by username limit :limit offset :offset")
    List<AppUser> page(long tenantId, long offset, int limit);

    @Query("select count(*) from app_user where tenant_id = :tenantId")
    long countInTenant(long tenantId);

    @Query("select count(*) from app_user where tenant_id = :tenantId and tenant_admin = true")
    long countTenantAdmins(long tenantId);

}
