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

    /** A Keystone project; {@code parentId} is the domain's id for a top-level project, as in Keystone. */
    public record Project(String id, String name, String domainId, String description, boolean enabled,
                          String parentId) {

        public Project(String id, String name, String domainId) {
            this(id, name, domainId, "", true, domainId);
        }
    }

    /**
     * A Keystone user. {@code extra} holds the attributes Keystone keeps without knowing them (email, description
     * and whatever a client sends); it is never changed after construction.
     */
    public record User(String id, String name, String password, String domainId, String defaultProjectId,
                       boolean enabled, ObjectNode extra) {

        public User(String id, String name, String password, String domainId) {
            this(id, name, password, domainId, null, true, Json.object());
        }
    }

    /** A global role. */
    public record Role(String id, String name) {
    }

    /** A role a user holds on a project. */
    public record Assignment(String userId, String projectId, String roleId) {
    }

    /** Something left behind that nobody uses: a leak to report. */
    public record Orphan(String kind, String id, String name, String projectId, String reason) {
    }

    public final Clock clock;
    public final SimulatorSettings settings;
    private final ReentrantLock lock = new ReentrantLock();
    // identity: copied on write under the lock, so reads (token checks on every call) need no lock
    private volatile Map<String, Project> projects = Map.of();
    private volatile Map<String, User> users = Map.of();
    private volatile List<Role> roles = List.of();
    private volatile List<Assignment> assignments = List.of();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Res>> resources = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Integer>> quotaOverrides = new ConcurrentHashMap<>();
    private final Map<String, Integer> defaultQuotas = new ConcurrentHashMap<>();
    private final Map<String, BiFunction<World, String, Integer>> usageCounters = new ConcurrentHashMap<>();
    private final List<Function<World, List<Orphan>>> orphanDetectors = new ArrayList<>();

    public World(Clock clock, SimulatorSettings settings) {
        this.clock = clock;
        this.settings = settings;
        // Keystone's bootstrap roles (admin implies member, member implies reader)
        roles = List.of(new Role(uuid(), "admin"), new Role(uuid(), "member"), new Role(uuid(), "reader"));
        Project dev = new Project(uuid(), "dev", DOMAIN_ID);
        Project admin = new Project(uuid(), "admin", DOMAIN_ID);
        putProject(dev);
        putProject(admin);
        User demo = new User(uuid(), "demo", "demo", DOMAIN_ID);
        User root = new User(uuid(), "admin", "admin", DOMAIN_ID);
        putUser(demo);
        putUser(root);
        assign(demo.id(), dev.id(), role("member").orElseThrow().id());
        assign(root.id(), admin.id(), role("admin").orElseThrow().id());
        assign(root.id(), dev.id(), role("admin").orElseThrow().id());
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
            putProject(p);
            return p;
        });
    }

    /** Adds a user with a role in existing projects (by name); for tests that need their own credentials. */
    public User addUser(String name, String password, String role, String... projectNames) {
        return locked(() -> {
            if (users.values().stream().anyMatch(u -> u.name().equals(name))) {
                throw new IllegalArgumentException("user " + name + " exists");
            }
            Role r = role(role).orElseThrow(() -> new IllegalArgumentException("no role " + role));
            List<Project> in = new ArrayList<>();
            for (String projectName : projectNames) {
                in.add(projects.values().stream().filter(x -> x.name().equals(projectName)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("no project " + projectName)));
            }
            User u = new User(uuid(), name, password, DOMAIN_ID);
            putUser(u);
            in.forEach(p -> assign(u.id(), p.id(), r.id()));
            return u;
        });
    }

    /** Adds or replaces a project (the caller checks Keystone's rules). */
    public void putProject(Project p) {
        locked(() -> projects = copyWith(projects, p.id(), p));
    }

    /**
     * Removes a project with its role assignments; tokens scoped to it stop working, as in Keystone. Its cloud
     * resources stay (and leak), as they do on a real cloud.
     */
    public void removeProject(String id) {
        locked(() -> {
            projects = copyWithout(projects, id);
            assignments = assignments.stream().filter(a -> !a.projectId().equals(id)).toList();
            revokeTokensWhere(t -> id.equals(t.projectId()));
        });
    }

    public void putUser(User u) {
        locked(() -> users = copyWith(users, u.id(), u));
    }

    /** Removes a user with their role assignments and tokens. */
    public void removeUser(String id) {
        locked(() -> {
            users = copyWithout(users, id);
            assignments = assignments.stream().filter(a -> !a.userId().equals(id)).toList();
            revokeTokensWhere(t -> id.equals(t.userId()));
        });
    }

    public List<Role> roles() {
        return roles;
    }

    public Optional<Role> role(String idOrName) {
        return roles.stream().filter(r -> r.id().equals(idOrName) || r.name().equals(idOrName)).findFirst();
    }

    /** The roles a role implies, itself included (Keystone's bootstrap: admin → member → reader). */
    public List<Role> implied(Role role) {
        List<String> chain = List.of("admin", "member", "reader");
        int at = chain.indexOf(role.name());
        if (at < 0) {
            return List.of(role);
        }
        return chain.subList(at, chain.size()).stream().map(n -> role(n).orElseThrow()).toList();
    }

    public List<Assignment> assignments() {
        return assignments;
    }

    /** Grants a role; granting it again changes nothing. */
    public void assign(String userId, String projectId, String roleId) {
        locked(() -> {
            Assignment a = new Assignment(userId, projectId, roleId);
            if (!assignments.contains(a)) {
                List<Assignment> next = new ArrayList<>(assignments);
                next.add(a);
                assignments = List.copyOf(next);
            }
        });
    }

    /** Revokes a role; the user's tokens on that project stop working. False when there was no such assignment. */
    public boolean unassign(String userId, String projectId, String roleId) {
        return locked(() -> {
            Assignment a = new Assignment(userId, projectId, roleId);
            if (!assignments.contains(a)) {
                return false;
            }
            assignments = assignments.stream().filter(x -> !x.equals(a)).toList();
            revokeTokensWhere(t -> userId.equals(t.userId()) && projectId.equals(t.projectId()));
            return true;
        });
    }

    /** The roles assigned to a user on a project. */
    public List<Role> rolesOf(String userId, String projectId) {
        return assignments.stream().filter(a -> a.userId().equals(userId) && a.projectId().equals(projectId))
                .map(a -> role(a.roleId())).flatMap(Optional::stream).toList();
    }

    /** The roles a user holds on a project, implied ones included, each once. */
    public List<Role> effectiveRoles(String userId, String projectId) {
        return rolesOf(userId, projectId).stream().flatMap(r -> implied(r).stream()).distinct().toList();
    }

    /** The ids of the projects a user has a role on, in order of the projects. */
    public List<String> projectIdsOf(String userId) {
        return projects.keySet().stream()
                .filter(p -> assignments.stream().anyMatch(a -> a.userId().equals(userId) && a.projectId().equals(p)))
                .toList();
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

    private static <V> Map<String, V> copyWith(Map<String, V> map, String key, V value) {
        Map<String, V> next = new LinkedHashMap<>(map);
        next.put(key, value);
        return java.util.Collections.unmodifiableMap(next);
    }

    private static <V> Map<String, V> copyWithout(Map<String, V> map, String key) {
        Map<String, V> next = new LinkedHashMap<>(map);
        next.remove(key);
        return java.util.Collections.unmodifiableMap(next);
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

    /** The limit a project gets unless it has its own; -1 means unlimited. */
    public int defaultQuotaOf(String resource) {
        return defaultQuotas.getOrDefault(resource, -1);
    }

    /** Drops a project's own limit, so it gets the default again. */
    public void clearQuota(String projectId, String resource) {
        Map<String, Integer> own = quotaOverrides.get(projectId);
        if (own != null) {
            own.remove(resource);
        }
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
