package org.stackport.tenancy.internal;

import java.util.List;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;

public interface AuditEventRepository extends ListCrudRepository<AuditEvent, Long> {

    @Query("select * from audit_event order by at desc, id desc limit :limit offset :offset")
    List<AuditEvent> newestFirst(long offset, int limit);
}
