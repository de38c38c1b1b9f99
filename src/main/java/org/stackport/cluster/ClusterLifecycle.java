package org.stackport.cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.stackport.account.AccountSecrets;
import org.stackport.cluster.internal.Cluster;
import org.stackport.cluster.internal.ClusterRepository;
import org.stackport.profile.ResolvedProfile;
import tools.jackson.databind.json.JsonMapper;

/**
 * The provisioning engine's side of a cluster: it reads what to build and reports how far it got. The engine runs
 * as the system (no signed-in user); users reach clusters only through {@link ClusterService}, which checks their
 * rights. Each method is its own short transaction: the engine never holds one around a cloud call.
 */
@Component
public class ClusterLifecycle {

    public static final List<String> IN_FLIGHT = List.of("Pending", "Provisioning", "Aborting", "Deleting");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ClusterRepository clusters;
    private final AccountSecrets accounts;
    private final Clock clock;

    ClusterLifecycle(ClusterRepository clusters, AccountSecrets accounts, Clock clock) {
        this.clusters = clusters;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** What the engine works from; {@code project} is the Stackport project's id. */
    public record Work(long id, long tenantId, long projectId, String name, String uid, String status,
                       String statusDetail, ClusterSpec spec, ResolvedProfile profile, String cloudAccount,
                       Instant deletingSince, boolean deleteVolumeClaims) {

        public String shortUid() {
            return uid.substring(0, 8);
        }
    }

    @Transactional
    public Optional<Work> work(long id) {
        return clusters.findById(id).map(c -> {
            Cluster withUid = c.uid() != null ? c : clusters.save(new Cluster(c.id(), c.tenantId(), c.projectId(), c.name(),
                    c.liveName(), c.status(), c.statusDetail(), c.profileName(), c.profileVersion(), c.cloudAccount(),
                    c.tags(), c.nodeCount(), c.spec(), c.profile(), c.createdBy(), c.createdAt(), c.updatedAt(),
                    c.deletedAt(), c.version(), java.util.UUID.randomUUID().toString(), c.progress(), c.deletingSince(),
                    c.controlPlaneEndpoint(), c.deleteVolumeClaims()));
            return new Work(withUid.id(), withUid.tenantId(), withUid.projectId(), withUid.name(), withUid.uid(),
                    withUid.status(), withUid.statusDetail(), JSON.readValue(withUid.spec(), ClusterSpec.class),
                    JSON.readValue(withUid.profile(), ResolvedProfile.class), withUid.cloudAccount(),
                    withUid.deletingSince(), withUid.deleteVolumeClaims());
        });
    }

    /** Clusters the engine has still to bring to a resting state (after a restart, every one gets its job back). */
    @Transactional(readOnly = true)
    public List<Long> unfinished() {
        return clusters.withStatusIn(IN_FLIGHT);
    }

    /**
     * Records the engine's view. The status changes only from the one the engine expects ({@code from}): a user's
     * abort or delete that came in meanwhile wins. Returns false when the cluster is no longer in {@code from}.
     */
    @Transactional
    public boolean report(long id, String from, String status, String detail, int progress) {
        Cluster c = clusters.findById(id).orElse(null);
        if (c == null || !c.status().equals(from)) {
            return false;
        }
        if (c.status().equals(status) && java.util.Objects.equals(c.statusDetail(), detail) && c.progress() == progress) {
            return true;
        }
        clusters.save(c.withStatus(status, clip(detail), Math.max(0, Math.min(100, progress)), clock.instant()));
        return true;
    }

    @Transactional
    public void endpoint(long id, String endpoint) {
        clusters.findById(id).filter(c -> !java.util.Objects.equals(c.controlPlaneEndpoint(), endpoint))
                .ifPresent(c -> clusters.save(c.withEndpoint(endpoint, clock.instant())));
    }

    /** The cloud holds nothing of the cluster any more (or the user forced it): gone from lists, name free. */
    @Transactional
    public void deleted(long id, String detail) {
        clusters.findById(id).filter(c -> c.liveName() != null)
                .ifPresent(c -> clusters.save(c.deleted(clip(detail), clock.instant())));
    }

    /** True while the gateway the cluster's account goes through is upgrading: new clusters wait. */
    public boolean gatewayUpgrading(long tenantId, String account) {
        return accounts.gatewayStatus(tenantId, account).filter("Upgrading"::equals).isPresent();
    }

    private static String clip(String s) {
        return s == null || s.length() <= 2000 ? s : s.substring(0, 1997) + "...";
    }
}
