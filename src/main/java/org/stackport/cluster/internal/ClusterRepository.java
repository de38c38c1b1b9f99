package org.stackport.cluster.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface ClusterRepository extends ListCrudRepository<Cluster, Long> {

    @Query("select * from cluster where project_id = :projectId and live_name = :name")
    Optional<Cluster> live(long projectId, String name);

    /** A page of the project's clusters that are not Deleted, newest first; empty filters match everything. */
    @Query("""
            select * from cluster where project_id = :projectId and live_name is not null
              and (:status = '' or status = :status)
              and (:tag = '' or tags like :tagPattern)
            order by created_at desc, id desc limit :limit offset :offset""")
    List<Cluster> page(long projectId, String status, String tag, String tagPattern, int offset, int limit);

    @Query("""
            select count(*) from cluster where project_id = :projectId and live_name is not null
              and (:status = '' or status = :status)
              and (:tag = '' or tags like :tagPattern)""")
    long countPage(long projectId, String status, String tag, String tagPattern);

    /** "project/cluster" of the live clusters on any of the accounts. */
    @Query("""
            select p.name || '/' || c.name from cluster c join project p on p.id = c.project_id
            where c.tenant_id = :tenantId and c.live_name is not null and c.cloud_account in (:accounts)
            order by 1""")
    List<String> usingAccounts(long tenantId, List<String> accounts);

    /** "project/cluster" of the live clusters built from the profile. */
    @Query("""
            select p.name || '/' || c.name from cluster c join project p on p.id = c.project_id
            where c.tenant_id = :tenantId and c.live_name is not null and c.profile_name = :profile
            order by 1""")
    List<String> usingProfile(long tenantId, String profile);

    @Query("select id from cluster where status in (:statuses) order by id")
    List<Long> withStatusIn(List<String> statuses);
}
