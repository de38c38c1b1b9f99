package org.stackport.provisioning.internal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The engine's memory in the database: the step journal, the resource ledger and the run (resolved facts and the
 * encrypted bootstrap material). Every method is one short statement in its own transaction; the engine never holds
 * a transaction open around a cloud call. One pass per cluster at a time (Quartz), so update-then-insert is safe.
 */
@Component
public class Ledger {

    public static final String INTENDED = "intended";
    public static final String CREATED = "created";
    public static final String READY = "ready";
    public static final String DELETING = "deleting";
    public static final String GONE = "gone";

    private final JdbcClient jdbc;
    private final Clock clock;

    Ledger(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A cloud resource the cluster owns (or intends to). */
    public record Resource(String key, String kind, String name, String cloudId, String state, String detail, long seq) {

        public boolean gone() {
            return GONE.equals(state);
        }
    }

    /** One step of a phase ({@code deploy} or {@code delete}). */
    public record Step(String phase, String key, long seq, String task, String state, int attempts, String message,
                       Instant startedAt, Instant updatedAt, Instant pollAt, Instant deadline) {
    }

    /** What the engine resolved once for a cluster, and its bootstrap material (encrypted), both may be null. */
    public record Run(String facts, String secrets) {
    }

    // ---- resources

    public List<Resource> resources(long clusterId) {
        return jdbc.sql("""
                        select res_key, kind, name, cloud_id, state, detail, seq from provisioning_resource
                        where cluster_id = ? order by seq""")
                .param(clusterId)
                .query((rs, i) -> new Resource(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getLong(7)))
                .list();
    }

    /** Writes the intent to create (before the call): kept as it is when the row exists already. */
    public void intend(long clusterId, String key, String kind, String name) {
        int n = jdbc.sql("update provisioning_resource set updated_at = ? where cluster_id = ? and res_key = ?")
                .params(now(), clusterId, key).update();
        if (n == 0) {
            jdbc.sql("""
                            insert into provisioning_resource (cluster_id, res_key, kind, name, cloud_id, state, detail, seq, updated_at)
                            values (?, ?, ?, ?, null, ?, null,
                                    (select coalesce(max(seq), 0) + 1 from provisioning_resource where cluster_id = ?), ?)""")
                    .params(clusterId, key, kind, name, INTENDED, clusterId, now()).update();
        }
    }

    /** The resource's cloud id, state and what the console shows of it. */
    public void record(long clusterId, String key, String cloudId, String state, String detail) {
        jdbc.sql("""
                        update provisioning_resource set cloud_id = coalesce(?, cloud_id), state = ?, detail = ?, updated_at = ?
                        where cluster_id = ? and res_key = ?""")
                .params(cloudId, state, clip(detail), now(), clusterId, key).update();
    }

    /** The resource was deleted and is to be made again: no id, intended. */
    public void reset(long clusterId, String key) {
        jdbc.sql("update provisioning_resource set cloud_id = null, state = ?, detail = null, updated_at = ? where cluster_id = ? and res_key = ?")
                .params(INTENDED, now(), clusterId, key).update();
    }

    /** A resource found beyond what the cluster made (e.g. a load balancer the cloud controller created). */
    public void adopt(long clusterId, String key, String kind, String name, String cloudId, String detail) {
        intend(clusterId, key, kind, name);
        record(clusterId, key, cloudId, CREATED, detail);
    }

    // ---- steps

    public List<Step> steps(long clusterId, String phase) {
        return jdbc.sql("""
                        select phase, step_key, seq, task, state, attempts, message, started_at, updated_at, poll_at, deadline
                        from provisioning_step where cluster_id = ? and phase = ? order by seq""")
                .params(clusterId, phase)
                .query((rs, i) -> new Step(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getString(7), instant(rs.getTimestamp(8)),
                        instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)), instant(rs.getTimestamp(11))))
                .list();
    }

    /** Every step of the cluster, both phases, in the order they started. */
    public List<Step> journal(long clusterId) {
        return jdbc.sql("""
                        select phase, step_key, seq, task, state, attempts, message, started_at, updated_at, poll_at, deadline
                        from provisioning_step where cluster_id = ? order by seq""")
                .param(clusterId)
                .query((rs, i) -> new Step(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6), rs.getString(7), instant(rs.getTimestamp(8)),
                        instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)), instant(rs.getTimestamp(11))))
                .list();
    }

    public void step(long clusterId, String phase, String key, String task, String state, int attempts, String message,
                     Instant pollAt, Instant deadline) {
        Instant now = clock.instant();
        int n = jdbc.sql("""
                        update provisioning_step set task = ?, state = ?, attempts = ?, message = ?, updated_at = ?,
                               poll_at = ?, deadline = ?
                        where cluster_id = ? and phase = ? and step_key = ?""")
                .params(clip(task, 400), state, attempts, clip(message), ts(now), ts(pollAt), ts(deadline), clusterId, phase,
                        key).update();
        if (n == 0) {
            jdbc.sql("""
                            insert into provisioning_step (cluster_id, phase, step_key, seq, task, state, attempts, message,
                                                           started_at, updated_at, poll_at, deadline)
                            values (?, ?, ?, (select coalesce(max(seq), 0) + 1 from provisioning_step where cluster_id = ?),
                                    ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(clusterId, phase, key, clusterId, clip(task, 400), state, attempts, clip(message), ts(now),
                            ts(now), ts(pollAt), ts(deadline)).update();
        }
    }

    // ---- run

    public Optional<Run> run(long clusterId) {
        return jdbc.sql("select facts, secrets from provisioning_run where cluster_id = ?").param(clusterId)
                .query((rs, i) -> new Run(rs.getString(1), rs.getString(2))).optional();
    }

    public void saveFacts(long clusterId, String facts) {
        ensureRun(clusterId);
        jdbc.sql("update provisioning_run set facts = ?, updated_at = ? where cluster_id = ?")
                .params(facts, now(), clusterId).update();
    }

    public void saveSecrets(long clusterId, String encrypted) {
        ensureRun(clusterId);
        jdbc.sql("update provisioning_run set secrets = ?, updated_at = ? where cluster_id = ?")
                .params(encrypted, now(), clusterId).update();
    }

    /** Once the cloud holds nothing of the cluster, its bootstrap material has no use left: it is erased. */
    public void forgetSecrets(long clusterId) {
        jdbc.sql("update provisioning_run set secrets = null, updated_at = ? where cluster_id = ?")
                .params(now(), clusterId).update();
    }

    private void ensureRun(long clusterId) {
        if (run(clusterId).isEmpty()) {
            jdbc.sql("insert into provisioning_run (cluster_id, facts, secrets, started_at, updated_at) values (?, null, null, ?, ?)")
                    .params(clusterId, now(), now()).update();
        }
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }

    private static Timestamp ts(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String clip(String s) {
        return clip(s, 2000);
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
