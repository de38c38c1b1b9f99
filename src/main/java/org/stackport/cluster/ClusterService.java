package org.stackport.cluster;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.stackport.account.CloudAccountService;
import org.stackport.account.Inventory;
import org.stackport.account.Quota;
import org.stackport.cluster.internal.Cluster;
import org.stackport.cluster.internal.ClusterRepository;
import org.stackport.profile.ClusterProfileService;
import org.stackport.profile.ResolvedProfile;
import org.stackport.security.StackportPrincipal;
import org.stackport.shared.ConflictException;
import org.stackport.shared.Errors;
import org.stackport.shared.FieldError;
import org.stackport.shared.NameTakenException;
import org.stackport.shared.NotFoundException;
import org.stackport.shared.ValidationException;
import org.stackport.tenancy.AuditLog;
import org.stackport.tenancy.ProjectAccess;
import org.stackport.tenancy.ProjectRef;
import org.stackport.tenancy.ProjectRole;
import tools.jackson.databind.json.JsonMapper;

/**
 * Clusters of a project. Creating one checks the request's own rules, then the cloud account, the profile with
 * the cluster's overrides, and a preflight against the account's inventory and quota; only a request that passes
 * all is stored, as {@code Pending} with its full spec and the resolved profile, for provisioning to take up.
 */
@Service
@PreAuthorize("isAuthenticated()")
public class ClusterService {

    public static final String PENDING = "Pending";
    public static final List<String> STATUSES = List.of("Pending", "Provisioning", "Running", "Updating", "Failed",
            "Aborting", "Deleting", "Deleted");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ClusterRepository clusters;
    private final ProjectAccess access;
    private final AuditLog audit;
    private final CloudAccountService accounts;
    private final ClusterProfileService profiles;
    private final Clock clock;
    private final ObjectProvider<ClusterEngine> engine;
    private final java.time.Duration kubeconfigValidity;

    ClusterService(ClusterRepository clusters, ProjectAccess access, AuditLog audit, CloudAccountService accounts,
                   ClusterProfileService profiles, Clock clock, ObjectProvider<ClusterEngine> engine,
                   @org.springframework.beans.factory.annotation.Value("${stackport.kubeconfig.validity:24h}")
                   java.time.Duration kubeconfigValidity) {
        this.engine = engine;
        this.kubeconfigValidity = kubeconfigValidity;
        this.clusters = clusters;
        this.access = access;
        this.audit = audit;
        this.accounts = accounts;
        this.profiles = profiles;
        this.clock = clock;
    }

    /** A page of the project's clusters (not Deleted), newest first, optionally only one status or tag. */
    @Transactional(readOnly = true)
    public ClusterPage list(String project, String status, String tag, int offset, int limit) {
        ProjectRef ref = access.require(project, ProjectRole.PROJECT_VIEWER);
        Filter f = new Filter(status, tag);
        int size = Math.max(1, Math.min(limit, 500));
        List<ClusterSummary> items = clusters.page(ref.id(), f.status(), f.tag(), f.tagPattern(), Math.max(0, offset), size)
                .stream().map(ClusterService::summary).toList();
        return new ClusterPage(items, clusters.countPage(ref.id(), f.status(), f.tag(), f.tagPattern()));
    }

    /** How many of the project's clusters (not Deleted) match the filters. */
    @Transactional(readOnly = true)
    public long count(String project, String status, String tag) {
        ProjectRef ref = access.require(project, ProjectRole.PROJECT_VIEWER);
        Filter f = new Filter(status, tag);
        return clusters.countPage(ref.id(), f.status(), f.tag(), f.tagPattern());
    }

    /** Empty filters match everything; a tag matches whole, with '%', '_' and backslash in it taken literally. */
    private record Filter(String status, String tag) {
        Filter {
            status = status == null ? "" : status.strip();
            tag = tag == null ? "" : tag.strip();
        }

        String tagPattern() {
            return "%," + tag.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + ",%";
        }
    }

    @Transactional(readOnly = true)
    public ClusterDetails get(String project, String name) {
        ProjectRef ref = access.require(project, ProjectRole.PROJECT_VIEWER);
        return details(ref.name(), find(ref, name));
    }

    /**
     * The review page's content: the resource plan and the preflight, for a request that meets its own rules.
     * Changes nothing. Refusals of the request itself are a {@link ValidationException}.
     */
    public ClusterReview review(String project, ClusterSpec spec) {
        ProjectRef ref = access.require(project, ProjectRole.PROJECT_ADMIN);
        return reviewed(ref, spec).review();
    }

    /** Creates the cluster as {@code Pending}; 422 with every problem on its field, including failed preflight checks. */
    public ClusterDetails create(String project, ClusterSpec spec) {
        String target = "project/" + project + "/cluster/" + spec.name();
        // The checks read the cloud (inventory, quota): they run before the transaction, so no database connection
        // is held while the cloud answers (many creates at once would otherwise empty the pool).
        Reviewed checked;
        try {
            checked = reviewed(access.require(project, ProjectRole.PROJECT_ADMIN), spec);
            if (!checked.review().ready()) {
                throw new ValidationException(checked.review().failures().stream()
                        .map(c -> new FieldError(c.field(), c.check() + ": " + c.detail())).toList());
            }
        } catch (RuntimeException refused) {
            return audit.run("cluster.create", target, () -> {
                throw refused;
            });
        }
        Reviewed r = checked;
        Cluster created = audit.run("cluster.create", target, () -> {
            ProjectRef ref = access.require(project, ProjectRole.PROJECT_ADMIN);
            StackportPrincipal me = access.caller();
            Instant now = clock.instant();
            List<String> tags = spec.tags() == null ? List.of() : spec.tags();
            String specJson = JSON.writeValueAsString(spec);
            String profileJson = JSON.writeValueAsString(r.profile());
            fitsItsColumns(spec, specJson, profileJson);
            String detail = accounts.gatewayStatus(spec.cloudAccount())
                    .filter(s -> s.endsWith(":Upgrading"))
                    .map(s -> "queued until gateway " + s.substring(0, s.lastIndexOf(':')) + " finishes upgrading")
                    .orElse("queued for provisioning");
            Cluster saved;
            try {
                saved = clusters.save(new Cluster(null, me.tenantId(), ref.id(), spec.name(), spec.name(), PENDING,
                        detail, r.profile().name(), r.profile().version(), spec.cloudAccount(),
                        "," + String.join(",", tags) + ",", spec.initialNodes(), specJson, profileJson, me.username(), now,
                        now, null, null, java.util.UUID.randomUUID().toString(), 0, null, null, false));
            } catch (DuplicateKeyException e) {
                throw new NameTakenException(List.of(new FieldError("name",
                        "a cluster named '" + spec.name() + "' already exists in project " + ref.name())));
            }
            return saved;
        });
        wake(created.id());
        return details(project, created);
    }

    /**
     * A kubeconfig for the caller (project admins; never viewers), once the cluster is {@code Running}: its client
     * certificate is signed for this download and expires after {@code stackport.kubeconfig.validity} (24 h by
     * default). Every download is audited.
     */
    public String kubeconfig(String project, String name) {
        return audit.run("cluster.kubeconfig", "project/" + project + "/cluster/" + name, () -> {
            ProjectRef ref = access.require(project, ProjectRole.PROJECT_ADMIN);
            Cluster c = find(ref, name);
            if (!"Running".equals(c.status()) || c.controlPlaneEndpoint() == null) {
                throw new ConflictException("Cluster '" + name + "' is " + c.status() + "; its kubeconfig is there once "
                        + "it is Running.");
            }
            ClusterEngine e = engine.getIfAvailable();
            if (e == null) {
                throw new ConflictException("Provisioning is not running in this Stackport.");
            }
            return e.kubeconfig(c.id(), c.name(), c.controlPlaneEndpoint(), access.caller().username(), kubeconfigValidity);
        });
    }

    /** Force delete opens this long after a delete began (the seed: 15 minutes). */
    public static final java.time.Duration FORCE_DELETE_AFTER = java.time.Duration.ofMinutes(15);

    /** The provisioning tasks of the cluster in the order they started (api.md events). */
    @Transactional(readOnly = true)
    public List<ClusterEvent> events(String project, String name) {
        ProjectRef ref = access.require(project, ProjectRole.PROJECT_VIEWER);
        Cluster c = find(ref, name);
        ClusterEngine e = engine.getIfAvailable();
        return e == null ? List.of() : e.events(c.id());
    }

    /**
     * Stops a deploy: the cluster becomes {@code Aborting}, everything in its ledger is removed, then it is gone.
     * Only while {@code Provisioning} (or still {@code Pending}, when nothing was made yet).
     */
    public ClusterDetails abort(String project, String name) {
        Cluster aborted = audit.run("cluster.abort", "project/" + project + "/cluster/" + name, () -> {
            ProjectRef ref = access.require(project, ProjectRole.PROJECT_ADMIN);
            Cluster c = find(ref, name);
            if (!"Provisioning".equals(c.status()) && !PENDING.equals(c.status())) {
                throw new ConflictException("Cluster '" + name + "' is " + c.status() + "; only a cluster being "
                        + "provisioned can be aborted" + ("Running".equals(c.status()) || "Failed".equals(c.status())
                        ? ": delete it instead." : "."));
            }
            return clusters.save(c.deleting("Aborting", "aborting: removing what was created", clock.instant()));
        });
        wake(aborted.id());
        return details(project, aborted);
    }

    /** What a force delete answers: the cluster, and the cloud resources that may remain. */
    public record ForceDeleted(ClusterDetails cluster, List<ClusterDetails.Resource> remaining) {
    }

    /**
     * Deletes a {@code Running} or {@code Failed} cluster: {@code Deleting}, then its cloud resources are removed in
     * reverse order and it is {@code Deleted}. 409 while {@code Provisioning} (abort instead).
     */
    public ClusterDetails delete(String project, String name) {
        return delete(project, name, false);
    }

    /**
     * As {@link #delete(String, String)}; with {@code deleteVolumeClaims} the cluster's PersistentVolumeClaims are
     * deleted first while its API answers, so the CSI driver removes their volumes (else they stay for the user).
     */
    public ClusterDetails delete(String project, String name, boolean deleteVolumeClaims) {
        Cluster deleting = audit.run("cluster.delete", "project/" + project + "/cluster/" + name, () -> {
            ProjectRef ref = access.require(project, ProjectRole.PROJECT_ADMIN);
            Cluster c = find(ref, name);
            switch (c.status()) {
                case "Running", "Failed" -> {
                    return clusters.save(c.withVolumeClaimsDeleted(deleteVolumeClaims)
                            .deleting("Deleting", "deleting: removing the cluster's cloud resources", clock.instant()));
                }
                case "Deleting" -> {
                    return c;
                }
                case "Provisioning" -> throw new ConflictException("Cluster '" + name + "' is still being provisioned; "
                        + "abort it instead (POST .../clusters/" + name + "/abort).");
                case "Pending" -> throw new ConflictException("Cluster '" + name + "' is Pending: nothing was created "
                        + "yet; abort it instead (POST .../clusters/" + name + "/abort).");
                default -> throw new ConflictException("Cluster '" + name + "' is " + c.status() + " and cannot be "
                        + "deleted now; wait until it is Running or Failed.");
            }
        });
        wake(deleting.id());
        return details(project, deleting);
    }

    /**
     * Forgets a cluster whose delete has not finished after {@link #FORCE_DELETE_AFTER}: one last sweep, then the
     * cluster is {@code Deleted}; the answer and the audit trail list what may remain in the cloud.
     */
    public ForceDeleted forceDelete(String project, String name) {
        String target = "project/" + project + "/cluster/" + name;
        Cluster c = audit.run("cluster.force-delete", target, () -> {
            ProjectRef ref = access.require(project, ProjectRole.PROJECT_ADMIN);
            Cluster found = find(ref, name);
            if (!"Deleting".equals(found.status()) && !"Aborting".equals(found.status())) {
                throw new ConflictException("Cluster '" + name + "' is " + found.status() + "; force delete is only for "
                        + "a cluster whose delete has not finished. Delete it first.");
            }
            long left = forceDeleteIn(found);
            if (left > 0) {
                throw new ConflictException("Force delete opens " + FORCE_DELETE_AFTER.toMinutes() + " minutes after the "
                        + "delete began: " + (left / 60) + " min " + (left % 60) + " s left.", left);
            }
            return found;
        });
        // the last sweep calls the cloud: outside any transaction
        ClusterEngine e = engine.getIfAvailable();
        List<ClusterDetails.Resource> remaining = e == null ? List.of() : e.finalSweep(c.id());
        Cluster now = clusters.findById(c.id()).orElse(c);
        Cluster gone = clusters.save(now.deleted("force deleted" + (remaining.isEmpty() ? ": nothing remains in the cloud"
                : "; " + remaining.size() + " cloud resource(s) may remain"), clock.instant()));
        audit.record(access.caller().username(), "cluster.force-delete.remaining", target, AuditLog.SUCCESS,
                remaining.isEmpty() ? "nothing remains in the cloud" : clipped("may remain: " + String.join(", ",
                        remaining.stream().map(r -> r.kind() + " " + r.name() + " (" + (r.id() == null ? "no id" : r.id())
                                + ")").toList())));
        return new ForceDeleted(details(project, gone), remaining);
    }

    private static String clipped(String s) {
        return s.length() <= 1900 ? s : s.substring(0, 1897) + "...";
    }

    private long forceDeleteIn(Cluster c) {
        if (c.deletingSince() == null) {
            return 0;
        }
        long left = java.time.Duration.between(clock.instant(), c.deletingSince().plus(FORCE_DELETE_AFTER)).toSeconds();
        return Math.max(0, left);
    }

    private void wake(long id) {
        ClusterEngine e = engine.getIfAvailable();
        if (e != null) {
            e.wake(id);
        }
    }

    /** What the spec and profile columns of V7__clusters.sql hold. */
    static final int MAX_STORED = 200_000;

    /**
     * The request and the resolved profile are kept whole (JSON, where line breaks and quotes take two characters).
     * Each field has its own limit, but together they could still exceed the columns: such a request is refused on
     * the part that weighs most, never left for the database to refuse.
     */
    private static void fitsItsColumns(ClusterSpec spec, String specJson, String profileJson) {
        if (profileJson.length() > MAX_STORED) {
            throw ValidationException.of(spec.packOverrides() == null || spec.packOverrides().isEmpty() ? "profile" : "packOverrides",
                    "the profile with these overrides comes to " + profileJson.length() + " characters as stored; a cluster "
                            + "keeps at most " + MAX_STORED);
        }
        if (specJson.length() <= MAX_STORED) {
            return;
        }
        Map<String, Object> parts = new java.util.LinkedHashMap<>();
        parts.put("packOverrides", spec.packOverrides());
        parts.put("workerPools", spec.workerPools());
        parts.put("masterPool", spec.masterPool());
        parts.put("placement", spec.placement());
        parts.put("tags", spec.tags());
        parts.put("description", spec.description());
        String heaviest = parts.entrySet().stream()
                .max(java.util.Comparator.comparingInt(e -> JSON.writeValueAsString(e.getValue()).length()))
                .map(Map.Entry::getKey).orElse("workerPools");
        throw ValidationException.of(heaviest, "makes the request " + specJson.length() + " characters as stored; a cluster "
                + "keeps at most " + MAX_STORED + ", so shorten this part");
    }

    private record Reviewed(ResolvedProfile profile, ClusterReview review) {
    }

    private Reviewed reviewed(ProjectRef ref, ClusterSpec spec) {
        Errors errors = new Errors();
        ClusterRules.check(spec, errors);
        if (spec.name() != null && clusters.live(ref.id(), spec.name()).isPresent()) {
            errors.taken("name", "a cluster named '" + spec.name() + "' already exists in project " + ref.name());
        }
        List<FieldError> found = new ArrayList<>(problems(errors));
        if (!isBlank(spec.cloudAccount())) {
            try {
                var account = accounts.get(spec.cloudAccount());
                boolean usableHere = "tenant".equals(account.scope()) ? account.shared() || access.caller().tenantAdmin()
                        : ref.name().equals(account.project());
                if (!usableHere) {
                    found.add(new FieldError("cloudAccount", "cloud account '" + spec.cloudAccount()
                            + "' belongs to another project; use one of project " + ref.name() + " or one shared with all projects"));
                }
            } catch (org.springframework.security.access.AccessDeniedException e) {
                found.add(new FieldError("cloudAccount", "you may not use cloud account '" + spec.cloudAccount() + "'"));
            } catch (NotFoundException e) {
                found.add(new FieldError("cloudAccount", "no cloud account '" + spec.cloudAccount()
                        + "' that project " + ref.name() + " may use"));
            }
        }
        ResolvedProfile profile = null;
        if (!isBlank(spec.profile())) {
            try {
                profile = profiles.resolveWithOverrides(spec.profile(), null,
                        spec.packOverrides() == null ? Map.of() : spec.packOverrides());
            } catch (NotFoundException e) {
                found.add(new FieldError("profile", "no cluster profile named '" + spec.profile() + "'"));
            } catch (ValidationException e) {
                found.addAll(e.errors());
            }
        }
        if (!found.isEmpty()) {
            boolean onlyTheName = found.size() == 1 && "name".equals(found.getFirst().field())
                    && errors.isTaken("name");
            throw onlyTheName ? new NameTakenException(found) : new ValidationException(found);
        }
        ClusterSpec.Placement p = spec.placement();
        Inventory inventory;
        try {
            inventory = accounts.reachableInventory(spec.cloudAccount(), p.domain(), p.project(), p.region());
        } catch (ValidationException e) {
            throw new ValidationException(e.errors().stream()
                    .map(f -> new FieldError("placement." + f.field(), f.message())).toList());
        }
        Quota quota = accounts.quota(spec.cloudAccount(), p.domain(), p.project(), p.region());
        Planner.ProfileFacts facts = new Planner.ProfileFacts(profile.version(), profile.podCidr(), profile.serviceCidr(),
                profile.osImage());
        return new Reviewed(profile, ClusterReview.of(profile.version(), Planner.plan(ref.name(), spec, facts, inventory),
                Planner.preflight(ref.name(), spec, facts, inventory, quota)));
    }

    private static List<FieldError> problems(Errors errors) {
        try {
            errors.throwIfAny();
            return List.of();
        } catch (ValidationException e) {
            return e.errors();
        }
    }

    private Cluster find(ProjectRef ref, String name) {
        return clusters.live(ref.id(), name)
                .orElseThrow(() -> new NotFoundException("Cluster '" + name + "' not found in project " + ref.name() + "."));
    }

    static List<String> tags(String stored) {
        return Arrays.stream(stored.split(",")).filter(t -> !t.isEmpty()).toList();
    }

    private static ClusterSummary summary(Cluster c) {
        return new ClusterSummary(c.name(), c.status(), c.statusDetail(), c.profileName(), c.profileVersion(),
                c.cloudAccount(), c.nodeCount(), tags(c.tags()), c.createdAt(), c.progress());
    }

    private ClusterDetails details(String project, Cluster c) {
        ClusterSpec s = JSON.readValue(c.spec(), ClusterSpec.class);
        ClusterEngine e = engine.getIfAvailable();
        ClusterEngine.Progress p = e == null || c.id() == null ? ClusterEngine.Progress.NONE : e.progress(c.id());
        boolean deleting = "Deleting".equals(c.status()) || "Aborting".equals(c.status());
        return new ClusterDetails(c.name(), project, s.description(), tags(c.tags()), c.profileName(), c.profileVersion(),
                s.packOverrides() == null ? Map.of() : s.packOverrides(), c.cloudAccount(), s.placement(), s.masterPool(),
                s.workerPools(), s.policies(), c.status(), c.statusDetail(), c.progress(), p.nodes(),
                c.controlPlaneEndpoint(), p.resources(), c.createdBy(), c.createdAt(), c.uid(), c.deletingSince(),
                deleting ? forceDeleteIn(c) : null);
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
