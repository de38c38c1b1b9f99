package org.stackport.provisioning;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.stackport.account.AccountSecrets;
import org.stackport.cluster.ClusterDetails;
import org.stackport.cluster.ClusterEngine;
import org.stackport.cluster.ClusterEvent;
import org.stackport.cluster.ClusterLifecycle;
import org.stackport.openstack.CloudCredentials;
import org.stackport.openstack.CloudFailure;
import org.stackport.provisioning.internal.Ledger;
import org.stackport.provisioning.internal.PassScheduler;

/**
 * The engine: one pass per cluster at a time (a Quartz job per cluster, {@link PassScheduler}), each pass doing
 * every step that can advance now, independent steps in parallel, then asking to be run again at the earliest time
 * a step wants to be looked at. Nothing here waits on the cloud; everything it learns is in the {@link Ledger}.
 */
@Component
public class ProvisioningEngine implements ClusterEngine {

    static final String DEPLOY = "deploy";
    static final String DELETE = "delete";
    private static final Logger log = LoggerFactory.getLogger(ProvisioningEngine.class);
    private static final Duration PASS_BUDGET = Duration.ofSeconds(20);
    private static final Duration HELD = Duration.ofSeconds(30);
    private static final Duration MIN_POLL = Duration.ofMillis(200);

    private final ClusterLifecycle lifecycle;
    private final AccountSecrets secrets;
    private final Ledger ledger;
    private final Apis apis;
    private final Bootstrap bootstrap;
    private final CloudCalls calls;
    private final PassScheduler scheduler;
    private final Clock clock;
    private final Deploy.Timeouts timeouts;

    ProvisioningEngine(ClusterLifecycle lifecycle, AccountSecrets secrets, Ledger ledger, Apis apis, Bootstrap bootstrap,
                       CloudCalls calls, PassScheduler scheduler, Clock clock,
                       @org.springframework.beans.factory.annotation.Value("${stackport.provisioning.kubernetes-api-timeout:15m}")
                       Duration apiTimeout,
                       @org.springframework.beans.factory.annotation.Value("${stackport.provisioning.nodes-ready-timeout:20m}")
                       Duration nodesTimeout) {
        this.timeouts = new Deploy.Timeouts(apiTimeout, nodesTimeout);
        this.lifecycle = lifecycle;
        this.secrets = secrets;
        this.ledger = ledger;
        this.apis = apis;
        this.bootstrap = bootstrap;
        this.calls = calls;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public void wake(long clusterId) {
        scheduler.runAt(clusterId, clock.instant());
    }

    /** After a restart (or a database restored without its jobs) every unfinished cluster gets its pass back. */
    @EventListener(ApplicationReadyEvent.class)
    void resumeAll() {
        lifecycle.unfinished().forEach(this::wake);
    }

    /**
     * One pass for the cluster; returns when it wants the next (empty: the cluster is at rest). The Quartz job
     * reschedules itself with it; tests call it directly.
     */
    public Optional<Instant> pass(long clusterId) {
        Optional<ClusterLifecycle.Work> found = lifecycle.work(clusterId);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        ClusterLifecycle.Work work = found.get();
        try {
            return switch (work.status()) {
                case "Pending" -> start(work);
                case "Provisioning" -> deploy(work);
                case "Aborting", "Deleting" -> teardown(work);
                default -> Optional.empty();
            };
        } catch (RuntimeException e) {
            // a bug or the database: the pass is tried again later, the cluster keeps its state
            log.error("Pass for cluster {} ({}) failed; trying again in a minute", work.name(), work.uid(), e);
            return Optional.of(clock.instant().plus(Duration.ofMinutes(1)));
        }
    }

    private Optional<Instant> start(ClusterLifecycle.Work work) {
        if (lifecycle.gatewayUpgrading(work.tenantId(), work.cloudAccount())) {
            lifecycle.report(work.id(), "Pending", "Pending", "queued until the gateway finishes upgrading", 0);
            return Optional.of(clock.instant().plus(HELD));
        }
        if (!lifecycle.report(work.id(), "Pending", "Provisioning", "provisioning started", 0)) {
            return Optional.of(clock.instant());
        }
        return lifecycle.work(work.id()).map(this::deploy).orElse(Optional.empty());
    }

    // ---- deploy

    private Optional<Instant> deploy(ClusterLifecycle.Work work) {
        Optional<CloudCredentials> cloud = credentials(work);
        if (cloud.isEmpty()) {
            lifecycle.report(work.id(), "Provisioning", "Failed", "cloud account '" + work.cloudAccount() + "' is gone; "
                    + "delete the cluster (nothing can be made without it)", 0);
            return Optional.empty();
        }
        Ctx x = context(work, cloud.get());
        Instant started = clock.instant();
        while (Duration.between(started, clock.instant()).compareTo(PASS_BUDGET) < 0) {
            List<StepDef> defs = deploySteps(x);
            Map<String, Ledger.Step> journal = journal(work.id(), DEPLOY);
            Optional<Ledger.Step> failedBefore = journal.values().stream().filter(s -> "failed".equals(s.state())).findFirst();
            if (failedBefore.isPresent()) {
                // a pass stopped between the step's failure and the report (a restart): report it now
                lifecycle.report(work.id(), "Provisioning", "Failed", "Step '" + failedBefore.get().task() + "' failed: "
                        + failedBefore.get().message(), progress(defs, journal));
                return Optional.empty();
            }
            List<StepDef> runnable = runnable(defs, journal);
            if (runnable.isEmpty()) {
                break;
            }
            x.serversChanged(); // a fresh listing for this round's server steps
            run(x, DEPLOY, runnable, journal);
            Map<String, Ledger.Step> after = journal(work.id(), DEPLOY);
            Optional<StepDef> failed = defs.stream().filter(d -> after.get(d.key()) != null
                    && "failed".equals(after.get(d.key()).state())).findFirst();
            if (failed.isPresent()) {
                lifecycle.report(work.id(), "Provisioning", "Failed", "Step '" + failed.get().task() + "' failed: "
                        + after.get(failed.get().key()).message(), progress(defs, after));
                return Optional.empty();
            }
            if (!lifecycle.report(work.id(), "Provisioning", "Provisioning", summary(defs, journal(work.id(), DEPLOY)),
                    progress(defs, journal(work.id(), DEPLOY)))) {
                return Optional.of(clock.instant()); // aborted meanwhile: the next pass tears down
            }
        }
        List<StepDef> defs = deploySteps(x);
        Map<String, Ledger.Step> journal = journal(work.id(), DEPLOY);
        if (x.facts != null && defs.stream().allMatch(d -> done(journal.get(d.key())))) {
            int nodes = Deploy.nodes(work.spec(), x.names).size();
            lifecycle.report(work.id(), "Provisioning", "Running", "all " + nodes + " node(s) Ready; Kubernetes API at "
                    + "https://" + x.endpoint(), 100);
            return Optional.empty();
        }
        return Optional.of(next(defs, journal));
    }

    private List<StepDef> deploySteps(Ctx x) {
        List<StepDef> all = Deploy.steps(x.work.spec(), x.names, x.facts != null && x.facts.externalNetworkId() != null,
                timeouts);
        // until the facts are known, which steps exist (a floating IP or not) is not known either
        return x.facts == null ? all.subList(0, 2) : all;
    }

    // ---- teardown

    private Optional<Instant> teardown(ClusterLifecycle.Work work) {
        String status = work.status();
        Optional<CloudCredentials> cloud = credentials(work);
        if (cloud.isEmpty()) {
            lifecycle.report(work.id(), status, status, "cloud account '" + work.cloudAccount() + "' is gone, so its "
                    + "resources cannot be removed; force delete the cluster after 15 minutes", 0);
            return Optional.of(clock.instant().plus(Duration.ofMinutes(5)));
        }
        Ctx x = context(work, cloud.get());
        Instant started = clock.instant();
        while (Duration.between(started, clock.instant()).compareTo(PASS_BUDGET) < 0) {
            Map<String, Ledger.Step> journal = journal(work.id(), DELETE);
            List<StepDef> defs = teardownSteps(x, journal);
            List<StepDef> runnable = runnable(defs, journal);
            if (runnable.isEmpty()) {
                break;
            }
            run(x, DELETE, runnable, journal);
            List<Ledger.Resource> rows = ledger.resources(work.id());
            long gone = rows.stream().filter(Ledger.Resource::gone).count();
            if (!lifecycle.report(work.id(), status, status, ("Aborting".equals(status) ? "aborting" : "deleting") + ": "
                    + gone + " of " + rows.size() + " cloud resource(s) removed", rows.isEmpty() ? 99
                    : (int) (gone * 99 / rows.size()))) {
                return Optional.of(clock.instant());
            }
        }
        Map<String, Ledger.Step> journal = journal(work.id(), DELETE);
        List<Ledger.Resource> rows = ledger.resources(work.id());
        if (done(journal.get("sweep")) && rows.stream().allMatch(Ledger.Resource::gone)) {
            ledger.forgetSecrets(work.id());
            lifecycle.deleted(work.id(), ("Aborting".equals(status) ? "aborted" : "deleted") + ": all " + rows.size()
                    + " cloud resource(s) removed");
            return Optional.empty();
        }
        return Optional.of(next(teardownSteps(x, journal), journal));
    }

    /** The sweep, then one step per resource of the lowest rank still standing. */
    private List<StepDef> teardownSteps(Ctx x, Map<String, Ledger.Step> journal) {
        List<StepDef> defs = new ArrayList<>();
        defs.add(new StepDef("release-services", "Delete the cluster's Services of type LoadBalancer", List.of(),
                Deploy.SHORT, AddOns::releaseServices));
        defs.add(new StepDef("sweep", "Find what the cluster's cloud controller made", List.of("release-services"),
                Deploy.SHORT, Teardown::sweep));
        if (!done(journal.get("sweep"))) {
            return defs;
        }
        List<Ledger.Resource> standing = ledger.resources(x.id()).stream().filter(r -> !r.gone()).toList();
        int rank = standing.stream().mapToInt(r -> Teardown.rank(r.kind())).min().orElse(Integer.MAX_VALUE);
        for (Ledger.Resource r : standing) {
            if (Teardown.rank(r.kind()) == rank) {
                defs.add(new StepDef("remove/" + r.key(), "Delete " + r.kind() + " " + r.name(), List.of("sweep"),
                        Duration.ofDays(365), c -> Teardown.remove(c, c.row(r.key()) == null ? r : c.row(r.key()))));
            }
        }
        return defs;
    }

    /**
     * Force delete: every resource not yet gone gets one delete call, nothing is waited for; what a read does not
     * confirm gone is returned as possibly remaining.
     */
    @Override
    public List<ClusterDetails.Resource> finalSweep(long clusterId) {
        Optional<ClusterLifecycle.Work> work = lifecycle.work(clusterId);
        List<Ledger.Resource> standing = ledger.resources(clusterId).stream().filter(r -> !r.gone()).toList();
        Optional<CloudCredentials> cloud = work.flatMap(this::credentials);
        if (work.isPresent() && cloud.isPresent()) {
            Ctx x = context(work.get(), cloud.get());
            standing.stream().sorted(Comparator.comparingInt(r -> Teardown.rank(r.kind()))).forEach(r -> {
                try {
                    Teardown.remove(x, x.row(r.key()));
                } catch (RuntimeException e) {
                    ledger.record(clusterId, r.key(), null, r.state(), "last sweep: " + e.getMessage());
                }
            });
        }
        ledger.forgetSecrets(clusterId);
        return ledger.resources(clusterId).stream().filter(r -> !r.gone())
                .map(r -> new ClusterDetails.Resource(r.kind(), r.cloudId(), r.name(), r.state())).toList();
    }

    // ---- running steps

    private void run(Ctx x, String phase, List<StepDef> runnable, Map<String, Ledger.Step> journal) {
        Instant now = clock.instant();
        calls.all(x.work.tenantId() + "/" + x.work.cloudAccount(), runnable, def -> {
            Ledger.Step step = journal.get(def.key());
            int attempts = step == null ? 0 : step.attempts();
            Outcome outcome;
            try {
                outcome = Ctx.withAttempts(attempts, () -> def.run().apply(x));
            } catch (CloudFailure f) {
                outcome = failure(def, step, f, now);
            } catch (IllegalArgumentException refused) {
                // e.g. a node label the kubelet would refuse: no retry helps
                outcome = new Outcome.Fail(refused.getMessage() + ". Change the cluster's settings and deploy again.");
            } catch (Deploy.Remake remake) {
                outcome = Remakes.loadBalancer(x, this, remake.getMessage());
            }
            if (DELETE.equals(phase) && outcome instanceof Outcome.Fail f) {
                // a teardown never gives up by itself: it keeps trying (force delete is the way out)
                outcome = new Outcome.Wait(Duration.ofMinutes(1), f.message(), true);
            }
            record(x.id(), phase, def, step, outcome, now);
            return outcome;
        });
    }

    /** Retry what may pass (backoff with jitter until the step's deadline), stop on what will not. */
    private Outcome failure(StepDef def, Ledger.Step step, CloudFailure f, Instant now) {
        int attempts = step == null ? 0 : step.attempts();
        Instant deadline = step == null || step.deadline() == null ? now.plus(def.deadline()) : step.deadline();
        if (f.kind().retryable()) {
            if (now.isAfter(deadline)) {
                return new Outcome.Fail(f.getMessage() + " (still failing after " + (attempts + 1) + " attempts; the "
                        + "cloud may be down: try again later)");
            }
            long base = Math.min(60_000, 1_000L << Math.min(attempts, 6));
            long jittered = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1);
            return new Outcome.Wait(Duration.ofMillis(jittered), f.getMessage() + " (will retry)", true);
        }
        return new Outcome.Fail(f.getMessage() + ". " + advice(f.kind()));
    }

    static String advice(CloudFailure.Kind kind) {
        return switch (kind) {
            case QUOTA -> "Raise the project's quota or make the cluster smaller, then delete this cluster and deploy again.";
            case AUTH -> "Check the cloud account's credentials (they were refused), then delete and deploy again.";
            case FORBIDDEN -> "The cloud account's user lacks a role this needs; ask the cloud's admin, then deploy again.";
            case CONFLICT -> "Resolve the conflict in the cloud, then delete this cluster and deploy again.";
            case INVALID -> "The cloud refused the request; check the cluster's settings against the cloud.";
            default -> "Try again later.";
        };
    }

    private void record(long clusterId, String phase, StepDef def, Ledger.Step step, Outcome outcome, Instant now) {
        int attempts = step == null ? 0 : step.attempts();
        Instant deadline = step == null || step.deadline() == null ? now.plus(def.deadline()) : step.deadline();
        switch (outcome) {
            case Outcome.Done d -> ledger.step(clusterId, phase, def.key(), def.task(), "done", attempts, d.message(), null,
                    deadline);
            case Outcome.Fail f -> ledger.step(clusterId, phase, def.key(), def.task(), "failed", attempts + 1,
                    f.message(), null, deadline);
            case Outcome.Wait w -> {
                if (!w.attempt() && now.plus(w.after()).isAfter(deadline) && DEPLOY.equals(phase)) {
                    ledger.step(clusterId, phase, def.key(), def.task(), "failed", attempts, w.message() + " (gave up "
                            + "after " + def.deadline().toMinutes() + " minutes)", null, deadline);
                } else {
                    Duration after = w.attempt() ? w.after() : pollAfter(w.after(), step == null ? now : step.startedAt(), now);
                    ledger.step(clusterId, phase, def.key(), def.task(), w.attempt() ? "retrying" : "running",
                            attempts + (w.attempt() ? 1 : 0), w.message(), now.plus(after), deadline);
                }
            }
        }
    }

    /**
     * How long to wait before looking at a step that waits for the cloud: a fifth of how long it has waited so far
     * (at least {@link #MIN_POLL}, at most what the step asked). A transition is seen at most ~20 % after it happened,
     * with few reads for the long ones: a load balancer's 8 s create takes about 15 reads, not 80.
     */
    static Duration pollAfter(Duration most, Instant stepStarted, Instant now) {
        Duration waited = Duration.between(stepStarted, now);
        Duration fifth = waited.dividedBy(5);
        Duration after = fifth.compareTo(MIN_POLL) < 0 ? MIN_POLL : fifth;
        return after.compareTo(most) > 0 ? most : after;
    }

    /** Steps whose needs are done, that are not done themselves, and whose poll time has come. */
    private List<StepDef> runnable(List<StepDef> defs, Map<String, Ledger.Step> journal) {
        Instant now = clock.instant();
        return defs.stream().filter(d -> {
            Ledger.Step s = journal.get(d.key());
            return !done(s) && (s == null || !"failed".equals(s.state()))
                    && (s == null || s.pollAt() == null || !s.pollAt().isAfter(now))
                    && d.needs().stream().allMatch(n -> done(journal.get(n)));
        }).toList();
    }

    private Instant next(List<StepDef> defs, Map<String, Ledger.Step> journal) {
        Instant now = clock.instant();
        Instant earliest = defs.stream().map(d -> journal.get(d.key()))
                .filter(s -> s != null && !done(s) && s.pollAt() != null).map(Ledger.Step::pollAt)
                .min(Comparator.naturalOrder()).orElse(now.plus(Duration.ofSeconds(1)));
        return earliest.isBefore(now.plus(MIN_POLL)) ? now.plus(MIN_POLL) : earliest;
    }

    private static boolean done(Ledger.Step s) {
        return s != null && "done".equals(s.state());
    }

    private static int progress(List<StepDef> defs, Map<String, Ledger.Step> journal) {
        long done = defs.stream().filter(d -> done(journal.get(d.key()))).count();
        return (int) Math.min(99, done * 100 / Math.max(1, defs.size()));
    }

    private static String summary(List<StepDef> defs, Map<String, Ledger.Step> journal) {
        long done = defs.stream().filter(d -> done(journal.get(d.key()))).count();
        return "provisioning: " + done + " of " + defs.size() + " steps done";
    }

    private Map<String, Ledger.Step> journal(long clusterId, String phase) {
        Map<String, Ledger.Step> m = new HashMap<>();
        ledger.steps(clusterId, phase).forEach(s -> m.put(s.key(), s));
        return m;
    }

    /** Puts steps back to pending (their resources are to be made again), counting one more attempt on the first. */
    void resetSteps(long clusterId, List<String> keys, String why) {
        Map<String, Ledger.Step> journal = journal(clusterId, DEPLOY);
        for (String key : keys) {
            Ledger.Step s = journal.get(key);
            if (s != null) {
                ledger.step(clusterId, DEPLOY, key, s.task(), "retrying", s.attempts() + (key.equals(keys.getFirst()) ? 1 : 0),
                        why, clock.instant(), s.deadline());
            }
        }
    }

    int attempts(long clusterId, String key) {
        Ledger.Step s = journal(clusterId, DEPLOY).get(key);
        return s == null ? 0 : s.attempts();
    }

    private Ctx context(ClusterLifecycle.Work work, CloudCredentials cloud) {
        Facts facts = ledger.run(work.id()).map(Ledger.Run::facts).map(Facts::fromJson).orElse(null);
        return new Ctx(work, cloud, apis, ledger, lifecycle, clock, facts, bootstrap);
    }

    private Optional<CloudCredentials> credentials(ClusterLifecycle.Work work) {
        var p = work.spec().placement();
        return secrets.credentials(work.tenantId(), work.cloudAccount())
                .map(c -> c.scopedTo(blank(p.domain()) ? c.domain() : p.domain(), blank(p.project()) ? c.project() : p.project(),
                        blank(p.region()) ? c.region() : p.region()));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String kubeconfig(long clusterId, String clusterName, String endpoint, String user, Duration validity) {
        Bootstrap.Material m = ledger.run(clusterId).map(Ledger.Run::secrets).map(bootstrap::open)
                .orElseThrow(() -> new IllegalStateException("the cluster's certificate authority is gone"));
        return KubeAccess.kubeconfig(m.pki(), clusterName, endpoint, user, validity, clock);
    }

    // ---- what the cluster page shows

    @Override
    public Progress progress(long clusterId) {
        List<Ledger.Resource> rows = ledger.resources(clusterId);
        // the control plane first, then pool by pool, each by index (the ledger's order is the order servers were
        // asked for, which parallel steps make random)
        List<ClusterDetails.Node> nodes = rows.stream().filter(r -> "server".equals(r.kind())).map(Nodes::of)
                .sorted(Nodes.ORDER).toList();
        List<ClusterDetails.Resource> resources = rows.stream()
                .map(r -> new ClusterDetails.Resource(r.kind(), r.cloudId(), r.name(), r.state())).toList();
        return new Progress(nodes, resources);
    }

    @Override
    public List<ClusterEvent> events(long clusterId) {
        return ledger.journal(clusterId).stream()
                .map(s -> new ClusterEvent(s.startedAt(), s.task(), "pending".equals(s.state()) ? "running" : s.state(),
                        s.message(), s.attempts(), s.updatedAt()))
                .toList();
    }
}
