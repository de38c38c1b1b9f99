package org.stackport.gateway.internal;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface GatewayEventRepository extends ListCrudRepository<GatewayEvent, Long> {

    @Query("select * from gateway_event where gateway_id = :gatewayId order by at desc, id desc limit :limit")
    List<GatewayEvent> newestFirst(long gatewayId, int limit);
}
