package org.stackport.tenancy.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface ProjectRepository extends ListCrudRepository<Project, Long> {

    Optional<Project> findByTenantIdAndName(long tenantId, String name);

    boolean existsByTenantIdAndName(long tenantId, String name);

    @Query("select * from project where tenant_id = :tenantId order by name limit :limit offset :offset")
    List<Project> page(long tenantId, long offset, int limit);

    @Query("select count(*) from project where tenant_id = :tenantId")
    long countInTenant(long tenantId);

    @Query("""
            select p.* from project p join membership m on m.project_id = p.id
            where m.user_id = :userId order by p.name limit :limit offset :offset""")
    List<Project> pageForMember(long userId, long offset, int limit);

    @Query("select count(*) from membership where user_id = :userId")
    long countForMember(long userId);
}
