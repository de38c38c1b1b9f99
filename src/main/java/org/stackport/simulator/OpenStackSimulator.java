package org.stackport.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.stackport.simulator.internal.Cinder;
import org.stackport.simulator.internal.ErrorFormat;
import org.stackport.simulator.internal.Faults;
import org.stackport.simulator.internal.Glance;
import org.stackport.simulator.internal.Journal;
import org.stackport.simulator.internal.Keystone;
import org.stackport.simulator.internal.Neutron;
import org.stackport.simulator.internal.Nova;
import org.stackport.simulator.internal.Octavia;
import org.stackport.simulator.internal.Res;
import org.stackport.simulator.internal.Router;
import org.stackport.simulator.internal.SimAdmin;
import org.stackport.simulator.internal.SimHttpServer;
import org.stackport.simulator.internal.SimService;
import org.stackport.simulator.internal.SimTls;
import org.stackport.simulator.internal.World;
import org.stackport.simulator.internal.kube.KubeMachines;

/**
 * A running simulated OpenStack and its Java API for tests: faults, quotas, time, journal and inventory.
 * Start one per test class on port 0 (a free port) with a {@link ManualClock}, or the app's own one with
 * real time (see {@code SimulatorLauncher}). Plain HTTP by default; {@link #startHttps} serves HTTPS with a
 * certificate from a CA made at start, for testing how clients verify a cloud's certificate.
 */
public final class OpenStackSimulator implements AutoCloseable {

    private final World world;
    private final Faults faults = new Faults();
    private final Journal journal = new Journal();
    private final Keystone keystone;
    private final List<SimService> services;
    private final SimHttpServer server;
    private final SimTls tls;
    private final int port;
    private final String publicCidr;
    private final KubeMachines machines;
    private final org.stackport.simulator.internal.kube.GatewayAgentMachines gatewayAgents;

    private OpenStackSimulator(int requestedPort, SimulatorSettings settings, Clock clock, SimTls tls, String floatingIpRange) {
        this.tls = tls;
        this.world = new World(clock, settings);
        Router router = new Router();
        this.server = new SimHttpServer(world, router, faults, journal);
        try {
            this.port = server.start(requestedPort, tls == null ? null : tls.sslContext());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the OpenStack simulator on port " + requestedPort, e);
        }
        // the services come after the listener: the external network's default range follows the port, known only
        // now (nobody else knows the port yet, so no request meets a missing route)
        try {
            this.publicCidr = floatingIpRange != null ? checkLoopbackRange(floatingIpRange) : loopbackRange(port);
            this.keystone = new Keystone(world, this::baseUrl);
            keystone.register(router);
            this.services = List.of(new Nova(world), new Glance(world), new Cinder(world), new Neutron(world, publicCidr),
                    new Octavia(world));
            services.forEach(s -> s.register(router));
            this.machines = new KubeMachines(world);
            this.gatewayAgents = new org.stackport.simulator.internal.kube.GatewayAgentMachines(world);
            new SimAdmin(this).register(router);
        } catch (RuntimeException e) {
            server.stop();
            throw e;
        }
    }

    /** 127.{port / 256}.{port % 256}.0/24: a loopback /24 of its own for each simulator port. */
    static String loopbackRange(int port) {
        return "127." + (port / 256) + "." + (port % 256) + ".0/24";
    }

    private static String checkLoopbackRange(String cidr) {
        String[] parts = cidr.trim().split("/");
        if (parts.length != 2 || !parts[0].startsWith("127.") || Integer.parseInt(parts[1]) < 8 || Integer.parseInt(parts[1]) > 28) {
            throw new IllegalArgumentException("floating IP range " + cidr + " is not a /8../28 inside 127.0.0.0/8");
        }
        return cidr.trim();
    }

    /** Starts a simulator on 127.0.0.1 serving plain HTTP ({@code port} 0 picks a free one). */
    public static OpenStackSimulator start(int port, SimulatorSettings settings, Clock clock) {
        return new OpenStackSimulator(port, settings, clock, null, null);
    }

    /**
     * As {@link #start(int, SimulatorSettings, Clock)} with the external network's subnet given: a CIDR inside
     * 127.0.0.0/8 (null: derived from the port, see {@link #floatingIpRange()}).
     */
    public static OpenStackSimulator start(int port, SimulatorSettings settings, Clock clock, String floatingIpRange) {
        return new OpenStackSimulator(port, settings, clock, null, floatingIpRange);
    }

    /**
     * Starts a simulator on 127.0.0.1 serving HTTPS only, with a server certificate for 127.0.0.1 and localhost
     * signed by a CA generated for this run (see {@link #caCertificatePem()}); the catalog lists https URLs.
     */
    public static OpenStackSimulator startHttps(int port, SimulatorSettings settings, Clock clock) {
        return new OpenStackSimulator(port, settings, clock, SimTls.generate(), null);
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port;
    }

    /** The PEM of the CA that signed the HTTPS certificate, for a cloud account's CA field; null over plain HTTP. */
    public String caCertificatePem() {
        return tls == null ? null : tls.caCertificatePem();
    }

    /** The Keystone v3 endpoint to configure in a cloud account. */
    public String identityEndpoint() {
        return baseUrl() + Keystone.PREFIX;
    }

    /**
     * The subnet of the external network {@code public}: floating IPs come from it, and a simulated Kubernetes API
     * listens on a floating IP that leads to it. Inside 127.0.0.0/8, so this machine reaches them (on Linux every
     * 127.x address is local; macOS has only 127.0.0.1 unless aliases are added).
     */
    public String floatingIpRange() {
        return publicCidr;
    }

    @Override
    public void close() {
        server.stop();
        machines.close();
        gatewayAgents.close();
    }

    // ---- identity

    public String projectId(String name) {
        return world.project(name, null).map(World.Project::id)
                .orElseThrow(() -> new IllegalArgumentException("No project " + name));
    }

    /** Makes every token issued so far invalid (as after a Keystone key rotation). */
    public void revokeAllTokens() {
        world.revokeAllTokens();
    }

    /** New tokens' catalogs leave out this service type (e.g. "load-balancer"). */
    public void omitFromCatalog(String serviceType) {
        keystone.omitFromCatalog(serviceType);
    }

    public void restoreCatalog() {
        keystone.restoreCatalog();
    }

    /** Adds a Keystone user with {@code role} (e.g. member) in the named projects. */
    /** A Keystone application credential's id and secret. */
    public record ApplicationCredential(String id, String secret) {
    }

    /** Makes an application credential of a user for a project where they have a role (as the user could). */
    public ApplicationCredential applicationCredential(String user, String project, String name) {
        String[] made = keystone.makeApplicationCredential(user, project, name);
        return new ApplicationCredential(made[0], made[1]);
    }

    public void addUser(String name, String password, String role, String... projects) {
        world.addUser(name, password, role, projects);
    }

    // ---- quotas

    /** Sets a project's limit for a quota resource (Nova: instances, cores, ram, key_pairs, server_groups; Neutron: network, subnet, port, router, floatingip, security_group, security_group_rule; Cinder: volumes, gigabytes; Octavia: loadbalancer). */
    public void setQuota(String projectName, String resource, int limit) {
        world.setQuota(projectId(projectName), resource, limit);
    }

    public int quotaUsage(String projectName, String resource) {
        return world.locked(() -> world.usage(projectId(projectName), resource));
    }

    // ---- faults

    /** The next {@code count} calls of a route answer {@code status} with the service's own error body. */
    public String failNext(String method, String route, int count, int status) {
        return faults.add(Faults.Kind.FAIL, method, route, count, status, null, null, null).id();
    }

    /** As {@link #failNext(String, String, int, int)} with the service's body carrying {@code message}. */
    public String failNext(String method, String route, int count, int status, String message) {
        return faults.add(Faults.Kind.FAIL, method, route, count, status,
                ErrorFormat.forPath(route, status, message).body(), null, null).id();
    }

    /** Every call of a route waits {@code min} (or a random time up to {@code max}); route may end in "*". */
    public String latency(String method, String route, Duration min, Duration max) {
        return faults.add(Faults.Kind.LATENCY, method, route, -1, 0, null, min, max).id();
    }

    /** The next {@code count} calls do their work, then answer 500: the client believes nothing happened. */
    public String ghost(String method, String route, int count) {
        return faults.add(Faults.Kind.GHOST, method, route, count, 500, null, null, null).id();
    }

    /** The next {@code count} calls do their work, then hold the answer for {@code hold} (a client timeout). */
    public String ghostTimeout(String method, String route, int count, Duration hold) {
        return faults.add(Faults.Kind.GHOST_TIMEOUT, method, route, count, 0, null, null, hold).id();
    }

    /** The next {@code count} calls to any authenticated route answer 401. */
    public String unauthorizedNext(int count) {
        return faults.add(Faults.Kind.UNAUTHORIZED, null, "/*", count, 401, null, null, null).id();
    }

    /** The next {@code count} calls of a route answer 429 with {@code Retry-After}. */
    public String rateLimitNext(String method, String route, int count, int retryAfterSeconds) {
        return faults.add(Faults.Kind.RATE_LIMIT, method, route, count, retryAfterSeconds, null, null, null).id();
    }

    public void removeFault(String id) {
        faults.remove(id);
    }

    public void clearFaults() {
        faults.clear();
    }

    /**
     * The next {@code count} transitions of a kind ("server", "volume", "loadbalancer") stay in their pending
     * state (BUILD, creating, PENDING_*) for {@code duration}, or forever when null.
     */
    public void holdNextTransitions(String kind, int count, Duration duration) {
        world.holdNextTransitions(kind, count, duration);
    }

    /** The next {@code count} servers go to ERROR with this fault message (e.g. "No valid host was found"). */
    public void failNextServers(int count, String faultMessage) {
        world.forceNextStatus(Nova.SERVER, count, "ERROR", faultMessage);
    }

    /** The next {@code count} load balancers go to provisioning status ERROR. */
    public void failNextLoadBalancers(int count, String message) {
        world.forceNextStatus(org.stackport.simulator.internal.Kinds.LOADBALANCER, count, "ERROR", message);
    }

    // ---- journal and inventory

    public List<SimJournalEntry> journal() {
        return journal.entries().stream()
                .map(e -> new SimJournalEntry(e.at(), e.method(), e.path(), e.route(), e.status(), e.micros(), e.fault(), e.from()))
                .toList();
    }

    public void clearJournal() {
        journal.clear();
    }

    /** Every live resource (the seed world included), sorted by kind and name. */
    public List<SimResource> inventory() {
        world.runBeforeReadHooks();
        return world.locked(() -> world.countsByKind().keySet().stream()
                .flatMap(world::all)
                .map(this::describe)
                .sorted(Comparator.comparing(SimResource::kind).thenComparing(SimResource::name).thenComparing(SimResource::id))
                .toList());
    }

    public List<SimResource> inventory(String kind) {
        return inventory().stream().filter(r -> r.kind().equals(kind)).toList();
    }

    public SimSnapshot snapshot() {
        return new SimSnapshot(inventory());
    }

    public List<SimOrphan> orphans() {
        return world.orphans().stream()
                .map(o -> new SimOrphan(o.kind(), o.id(), o.name(), o.projectId(), o.reason()))
                .toList();
    }

    private SimResource describe(Res r) {
        String status = services.stream().map(s -> s.statusOf(r)).filter(Objects::nonNull).findFirst().orElse("");
        return new SimResource(r.kind, r.id, r.name(), r.projectId, status);
    }

    // ---- the machines: gateway agents started by the servers' cloud-init

    /** The gateway agents the simulated servers run (the real agent, started from their user data), by node name. */
    public java.util.Map<String, org.stackport.tunnel.GatewayAgent> gatewayAgents() {
        return gatewayAgents.agents();
    }

    /** Agents started from now on report this version (null: the one in this jar), to exercise an upgrade. */
    public void gatewayAgentVersion(String version) {
        gatewayAgents.agentVersion(version);
    }

    // ---- the machines: Kubernetes clusters made by the servers' kubeadm user data

    /** The clusters that kubeadm init made on servers that still run, with where their APIs listen and their nodes. */
    public List<SimKubeCluster> kubernetes() {
        return machines.clusters();
    }

    /** The cluster named so (kubeadm's clusterName); the first one made when several share it. */
    public SimKubeCluster kubernetes(String clusterName) {
        return kubernetes().stream().filter(c -> c.name().equals(clusterName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No simulated Kubernetes cluster " + clusterName));
    }

    /** What every ACTIVE server did with its user data (kubeadm init, join, the reason a join failed). */
    public List<SimMachine> machines() {
        return machines.machines();
    }

    /** The node of this name stays NotReady with this message (also if it registers later); null makes it normal. */
    public void kubeNodeNeverReady(String nodeName, String message) {
        machines.neverReady(nodeName, message);
    }

    /** The cluster's API stops listening (connections refused; joins through it wait), or listens again. */
    public void kubeApiUnreachable(String clusterName, boolean unreachable) {
        machines.unreachable(clusterName, unreachable);
    }

    /** A join of a node of this name fails with this reason (as kubeadm join would report it); null undoes it. */
    public void refuseKubeJoin(String nodeName, String reason) {
        machines.refuseJoin(nodeName, reason);
    }

    /** For the simulator's own HTTP admin routes. */
    public Clock clock() {
        return world.clock;
    }
}
