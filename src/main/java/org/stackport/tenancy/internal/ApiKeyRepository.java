package org.stackport.tenancy.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface ApiKeyRepository extends ListCrudRepository<ApiKey, Long> {

    Optional<ApiKey> findByKeyHash(String keyHash);

    @Query("select * from api_key where user_id = :userId and revoked_at is null order by created_at desc, id desc")
    List<ApiKey> activeForUser(long userId);

    @Modifying
    @Query("update api_key set last_used_at = :at where id = :id")
    void touch(long id, Instant at);
}
