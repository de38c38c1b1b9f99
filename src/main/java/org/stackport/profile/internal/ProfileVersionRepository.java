package org.stackport.profile.internal;

import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface ProfileVersionRepository extends ListCrudRepository<ProfileVersion, Long> {

    Optional<ProfileVersion> findByProfileIdAndVersion(long profileId, String version);

    @Query("select * from cluster_profile_version where profile_id = :profileId order by created_at desc, id desc")
    List<ProfileVersion> newestFirst(long profileId);
}
