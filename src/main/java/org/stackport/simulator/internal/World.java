package org.stackport.simulator.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.stackport.simulator.SimulatorSettings;
import tools.jackson.databind.node.ObjectNode;

/**
 * The simulated cloud's state: identity (domains, projects, users, tokens), every live resource by kind,
 * quotas with usage derived from live resources, and the hooks services register (usage counters, orphan
 * detectors). All changes happen under one lock, which keeps the state consistent under concurrent calls.
 */
public final class World {

    public static final String REGION = "RegionOne";
    public static final String DOMAIN_ID = "default";
    public static final String DOMAIN_NAME = "Default";

    public record Project(String id, String name, String domainId) {
    }

    public record User(String id, String name, String password, String domainId, Map<String, String> rolesByProjectId) {
    }

    /** Something left behind that nobody uses: a leak to report. */
    public record Orphan(String kind, String id, String name, String projectId, String reason) {
    }

    public final Clock clock;
    public final SimulatorSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, Project> projects = new LinkedHashMap<>();
    private final Map<String, User> users = new LinkedHashMap<>();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Res>> resources = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Integer>> quotaOverrides = new ConcurrentHashMap<>();
    private final Map<String, Integer> defaultQuotas = new ConcurrentHashMap<>();
    private final Map<String, BiFunction<World, String, Integer>> usageCounters = new ConcurrentHashMap<>();
    private final List<Function<World, List<Orphan>>> orphanDetectors = new ArrayList<>();

    public World(Clock clock, SimulatorSettings settings) {
        this.clock = clock;
        this.settings = settings;
        Project dev = new Project(uuid(), "dev", DOMAIN_ID);
        Project admin = new Project(uuid(), "admin", DOMAIN_ID);
        projects.put(dev.id(), dev);
        projects.put(admin.id(), admin);
        User demo = new User(uuid(), "demo", "demo", DOMAIN_ID, Map.of(dev.id(), "member"));
        User root = new User(uuid(), "admin", "admin", DOMAIN_ID, Map.of(admin.id(), "admin", dev.id(), "admin"));
        users.put(demo.id(), demo);
        users.put(root.id(), root);
    }

    public static String uuid() {
        return UUID.randomUUID().toString();
    }

    public Instant now() {
        return clock.instant();
    }

    /**
     * Runs a change (or a read that must see a consistent state) under the world's lock. The outermost section
     * first runs the work that came due by the clock (see {@link #whenDue}), so every call, whichever service it
     * goes to, sees the cloud as it is at that moment.
     */
    public <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            if (lock.getHoldCount() == 1) {
                dueWork.forEach(Runnable::run);
            }
            return work.get();
        } finally {
            lock.unlock();
        }
    }

    private final List<Runnable> dueWork = new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * Work a service does when the clock says so and other services must notice even if nobody asks the service
     * itself (e.g. a server delete that ends releases its ports and volumes). Runs under the lock; keep it cheap.
     */
    public void whenDue(Runnable work) {
        dueWork.add(work);
    }

    public void locked(Runnable work) {
        locked(() -> {
            work.run();
            return null;
        });
    }

    // ---- identity

    public Collection<Project> projects() {
        return projects.values();
    }

    public Optional<Project> project(String idOrName, String domain) {
        return projects.values().stream()
                .filter(p -> p.id().equals(idOrName) || (p.name().equals(idOrName)
                        && (domain == null || domain.equals(p.domainId()) || domain.equals(DOMAIN_NAME))))
                .findFirst();
    }

    public Project addProject(String name) {
        return locked(() -> {
            Project p = new Project(uuid(), name, DOMAIN_ID);
            projects.put(p.id(), p);
            return p;
        });
    }

    /** Adds a user with a role in existing projects (by name); for tests that need their own credentials. */
    public User addUser(String name, String password, String role, String... projectNames) {
        Map<String, String> roles = new LinkedHashMap<>();
        for (String projectName : projectNames) {
            Project p = projects.values().stream().filter(x -> x.name().equals(projectName)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no project " + projectName));
            roles.put(p.id(), role);
        }
        return locked(() -> {
            if (users.values().stream().anyMatch(u -> u.name().equals(name))) {
                throw new IllegalArgumentException("user " + name + " exists");
            }
            User u = new User(uuid(), name, password, DOMAIN_ID, Map.copyOf(roles));
            users.put(u.id(), u);
            return u;
        });
    }

    public Collection<User> users() {
        return users.values();
    }

    public Optional<User> user(String idOrName, String domain) {
        return users.values().stream()
                .filter(u -> u.id().equals(idOrName) || (u.name().equals(idOrName)
                        && (domain == null || domain.equals(u.domainId()) || domain.equals(DOMAIN_NAME))))
                .findFirst();
    }

    public void putToken(Token token) {
        tokens.put(token.id(), token);
    }

    /** A token that exists, has not expired and was not revoked. */
    public Optional<Token> validToken(String id) {
        if (id == null) {
            return Optional.empty();
        }
        Token t = tokens.get(id);
        Instant now = now();
        if (t == null || !now.isBefore(t.expiresAt())) {
            return Optional.empty();
        }
        return Optional.of(t);
    }

    /** Every token issued so far stops working; new ones are issued as usual. */
    public void revokeTokensWhere(java.util.function.Predicate<Token> which) {
        tokens.values().removeIf(which);
    }

    public void revokeAllTokens() {
        tokens.clear();
    }

    // ---- resources

    public Map<String, Res> kind(String kind) {
        return resources.computeIfAbsent(kind, k -> new ConcurrentHashMap<>());
    }

    public Res add(String kind, String projectId, ObjectNode body) {
        String id = body.has("id") ? body.get("id").asString() : uuid();
        body.put("id", id);
        Res res = new Res(kind, id, projectId, now(), body);
        kind(kind).put(id, res);
        return res;
    }

    public Optional<Res> get(String kind, String id) {
        return Optional.ofNullable(kind(kind).get(id));
    }

    public void remove(String kind, String id) {
        kind(kind).remove(id);
    }

    public Stream<Res> all(String kind) {
        return kind(kind).values().stream();
    }

    /** Resources of a kind visible to a project: its own and shared ones (project null). */
    public Stream<Res> visible(String kind, String projectId) {
        return all(kind).filter(r -> r.projectId == null || r.projectId.equals(projectId));
    }

    public Stream<Res> owned(String kind, String projectId) {
        return all(kind).filter(r -> projectId != null && projectId.equals(r.projectId));
    }

    public Map<String, Integer> countsByKind() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        resources.forEach((k, m) -> counts.put(k, m.size()));
        return counts;
    }

    // ---- quotas

    public void defaultQuota(String resource, int limit) {
        defaultQuotas.put(resource, limit);
    }

    public void usageCounter(String resource, BiFunction<World, String, Integer> counter) {
        usageCounters.put(resource, counter);
    }

    public void setQuota(String projectId, String resource, int limit) {
        quotaOverrides.computeIfAbsent(projectId, p -> new ConcurrentHashMap<>()).put(resource, limit);
    }

    /** The limit for a project; -1 means unlimited. */
    public int quota(String projectId, String resource) {
        Map<String, Integer> own = quotaOverrides.get(projectId);
        if (own != null && own.containsKey(resource)) {
            return own.get(resource);
        }
        return defaultQuotas.getOrDefault(resource, -1);
    }

    /** Usage derived from live resources, so leaked resources eat quota as in a real cloud. */
    public int usage(String projectId, String resource) {
        BiFunction<World, String, Integer> counter = usageCounters.get(resource);
        return counter == null ? 0 : counter.apply(this, projectId);
    }

    /** True when adding {@code more} would exceed the quota. */
    public boolean exceeds(String projectId, String resource, int more) {
        int limit = quota(projectId, resource);
        return limit >= 0 && usage(projectId, resource) + more > limit;
    }

    // ---- injected transitions

    /** A status forced on the next resources of a kind (e.g. a server going to ERROR with a fault message). */
    public record ForcedStatus(String status, String message) {
    }

    private final Map<String, java.util.Deque<java.time.Duration>> holds = new ConcurrentHashMap<>();
    private final Map<String, java.util.Deque<ForcedStatus>> forced = new ConcurrentHashMap<>();

    /** The next {@code count} transitions of a kind stay pending for {@code duration} (null: forever). */
    public void holdNextTransitions(String kind, int count, java.time.Duration duration) {
        java.util.Deque<java.time.Duration> q = holds.computeIfAbsent(kind, k -> new java.util.concurrent.ConcurrentLinkedDeque<>());
        for (int i = 0; i < count; i++) {
            q.add(duration == null ? java.time.Duration.ofDays(36500) : duration);
        }
    }

    /** Starts a transition of a resource: it ends after {@code takes}, or later if a hold was injected. */
    public void startTransition(Res res, java.time.Duration takes) {
        res.readyAt = now().plus(takes);
        java.util.Deque<java.time.Duration> q = holds.get(res.kind);
        java.time.Duration hold = q == null ? null : q.poll();
        res.stuckUntil = hold == null ? null : now().plus(hold);
    }

    public void forceNextStatus(String kind, int count, String status, String message) {
        java.util.Deque<ForcedStatus> q = forced.computeIfAbsent(kind, k -> new java.util.concurrent.ConcurrentLinkedDeque<>());
        for (int i = 0; i < count; i++) {
            q.add(new ForcedStatus(status, message));
        }
    }

    public Optional<ForcedStatus> consumeForcedStatus(String kind) {
        java.util.Deque<ForcedStatus> q = forced.get(kind);
        return Optional.ofNullable(q == null ? null : q.poll());
    }

    // ---- housekeeping before reads

    private final List<Runnable> beforeReads = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Work a service does before inventory and orphan reads (e.g. dropping finished deletes). */
    public void beforeRead(Runnable hook) {
        beforeReads.add(hook);
    }

    public void runBeforeReadHooks() {
        locked(() -> beforeReads.forEach(Runnable::run));
    }

    // ---- orphans

    public void orphanDetector(Function<World, List<Orphan>> detector) {
        orphanDetectors.add(detector);
    }

    public List<Orphan> orphans() {
        return locked(() -> {
            beforeReads.forEach(Runnable::run);
            return orphanDetectors.stream().flatMap(d -> d.apply(this).stream()).toList();
        });
    }
}
