package org.stackport.tenancy.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
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

    /** One more failure; locks the user once {@code maxFailures} is reached (and starts counting again). */
    @Modifying
    @Query("""
            update app_user set
              locked_until = case when failed_logins + 1 >= :maxFailures then :lockUntil else locked_until end,
              failed_logins = case when failed_logins + 1 >= :maxFailures then 0 else failed_logins + 1 end
            where username = :username""")
    int recordLoginFailure(String username, int maxFailures, Instant lockUntil);

    @Modifying
    @Query("update app_user set failed_logins = 0, locked_until = null where username = :username")
    int recordLoginSuccess(String username);
}
