package org.stackport.profile.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface ProfileRepository extends ListCrudRepository<Profile, Long> {

    Optional<Profile> findByTenantIdAndName(long tenantId, String name);

    @Query("select * from cluster_profile where tenant_id = :tenantId order by name")
    List<Profile> inTenant(long tenantId);
}
