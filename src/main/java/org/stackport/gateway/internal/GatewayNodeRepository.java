package org.stackport.gateway.internal;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface GatewayNodeRepository extends ListCrudRepository<GatewayNode, Long> {

    @Query("select * from gateway_node where gateway_id = :gatewayId order by name")
    List<GatewayNode> ofGateway(long gatewayId);

    Optional<GatewayNode> findByGatewayIdAndName(long gatewayId, String name);

    @Modifying
    @Query("update gateway_node set last_heartbeat = :at where gateway_id = :gatewayId and name = :name")
    int heartbeat(long gatewayId, String name, Instant at);
}
