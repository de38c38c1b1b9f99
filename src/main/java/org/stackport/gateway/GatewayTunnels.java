package org.stackport.gateway;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.stackport.gateway.internal.Gateway;
import org.stackport.gateway.internal.GatewayNode;
import org.stackport.gateway.internal.GatewayNodeRepository;
import org.stackport.gateway.internal.GatewayRepository;
import org.stackport.openstack.CloudFailure;
import org.stackport.openstack.CloudRoutes;
import org.stackport.tenancy.AuditLog;
import org.stackport.tunnel.AgentInfo;
import org.stackport.tunnel.Frame;
import org.stackport.tunnel.Mux;
import org.stackport.tunnel.TunnelStream;

/**
 * The console's end of its gateways' tunnels: which agents are connected to this console, each gateway's
 * allow-list, and the loopback proxy through which the console's clients reach a cloud behind an agent gateway.
 * New connections are spread over a gateway's connected agents in turn; one whose link has just failed is passed
 * over for the next, so losing one agent of three loses no call. While a gateway upgrades and has no agent, new
 * connections wait (up to {@code stackport.gateway.agent-queue-timeout}) for one to come back instead of failing.
 */
@Component
class GatewayTunnels implements CloudRoutes, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayTunnels.class);

    /** One connected agent. */
    static final class Link {
        final long gatewayId;
        final Mux mux;
        final Runnable closer;
        final Instant connectedAt;
        volatile AgentInfo info;
        volatile Instant lastHeartbeat;

        Link(long gatewayId, Mux mux, Runnable closer, AgentInfo info, Instant now) {
            this.gatewayId = gatewayId;
            this.mux = mux;
            this.closer = closer;
            this.info = info;
            this.connectedAt = now;
            this.lastHeartbeat = now;
        }
    }

    private final GatewayRepository gateways;
    private final GatewayNodeRepository nodes;
    private final GatewayEvents events;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration heartbeatTimeout;
    private final Duration queueTimeout;
    private final Map<Long, List<Link>> links = new ConcurrentHashMap<>();
    private final Map<Long, Set<String>> allowed = new ConcurrentHashMap<>();
    private final Map<Long, TunnelProxy> proxies = new ConcurrentHashMap<>();
    private final AtomicInteger turn = new AtomicInteger();
    private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gateway-agent-sweeper");
        t.setDaemon(true);
        return t;
    });

    GatewayTunnels(GatewayRepository gateways, GatewayNodeRepository nodes, GatewayEvents events, AuditLog audit,
                   JdbcClient jdbc, Clock clock,
                   @Value("${stackport.gateway.agent-heartbeat-timeout:30s}") Duration heartbeatTimeout,
                   @Value("${stackport.gateway.agent-queue-timeout:120s}") Duration queueTimeout) {
        this.gateways = gateways;
        this.nodes = nodes;
        this.events = events;
        this.audit = audit;
        this.jdbc = jdbc;
        this.clock = clock;
        this.heartbeatTimeout = heartbeatTimeout;
        this.queueTimeout = queueTimeout;
        long every = Math.max(200, heartbeatTimeout.toMillis() / 5);
        sweeper.scheduleWithFixedDelay(this::sweep, every, every, TimeUnit.MILLISECONDS);
    }

    // ---- agents coming and going (from the WebSocket endpoint)

    /** An agent said hello: it carries the gateway's connections from now on. */
    Link connected(long gatewayId, Mux mux, Runnable closer, AgentInfo info) {
        Instant now = clock.instant();
        Link link = new Link(gatewayId, mux, closer, info, now);
        links.computeIfAbsent(gatewayId, id -> new CopyOnWriteArrayList<>()).add(link);
        if (!info.version().isEmpty() && draining.contains(gatewayId + "/" + info.node())
                && links.get(gatewayId).stream().noneMatch(l -> l != link && l.info.node().equals(info.node()))) {
            draining.remove(gatewayId + "/" + info.node()); // the node's replacement: it takes connections again
        }
        pushAllowList(gatewayId, link);
        GatewayNode node = nodes.findByGatewayIdAndName(gatewayId, info.node()).orElse(null);
        nodes.save(new GatewayNode(node == null ? null : node.id(), gatewayId, info.node(), info.address(), info.zone(),
                info.version(), GatewayNode.CONNECTED, null, now, now));
        events.record(gatewayId, GatewayEvents.INFO, "Agent " + info.version() + " on node " + info.node()
                + (info.address().isEmpty() ? "" : " (" + info.address() + ")") + " connected.");
        gateways.findById(gatewayId).ifPresent(g -> {
            String version = lowestVersion(gatewayId, info.version());
            boolean wasDown = GatewayService.INSTALLING.equals(g.status()) || GatewayService.UNHEALTHY.equals(g.status());
            if (wasDown) {
                setStatus(gatewayId, g.status(), GatewayService.RUNNING, null, version, now);
                events.record(gatewayId, GatewayEvents.INFO, GatewayService.INSTALLING.equals(g.status())
                        ? "An agent is connected: the gateway is running."
                        : "Recovered: an agent is connected again.");
            } else {
                // the status is not this method's to keep (an upgrade may be ending right now): only the facts
                jdbc.sql("update gateway set software_version = ?, last_heartbeat = ?, version = version + 1 where id = ?")
                        .params(version, at(now), gatewayId)
                        .update();
            }
        });
        return link;
    }

    void heartbeat(Link link, AgentInfo info) {
        Instant now = clock.instant();
        link.lastHeartbeat = now;
        link.info = info;
        nodes.heartbeat(link.gatewayId, info.node(), now);
    }

    /** The agent's link ended (closed, failed, or its heartbeats stopped). */
    void disconnected(Link link, String why) {
        List<Link> of = links.get(link.gatewayId);
        if (of == null || !of.remove(link)) {
            return;
        }
        link.mux.close(why);
        Instant now = clock.instant();
        String node = link.info.node();
        boolean sameNodeStillHere = of.stream().anyMatch(l -> l.info.node().equals(node));
        if (!sameNodeStillHere) {
            nodes.findByGatewayIdAndName(link.gatewayId, node).ifPresent(n -> nodes.save(new GatewayNode(n.id(),
                    n.gatewayId(), n.name(), n.address(), n.availabilityZone(), n.agentVersion(), GatewayNode.LOST, why,
                    n.connectedAt(), n.lastHeartbeat())));
            events.record(link.gatewayId, GatewayEvents.WARNING, "Lost the agent on node " + node + ": " + why
                    + (of.isEmpty() ? "" : "; " + of.size() + " agent(s) still connected carry the gateway's connections."));
        }
        if (!of.isEmpty()) {
            jdbc.sql("update gateway set software_version = ?, version = version + 1 where id = ?")
                    .params(lowestVersion(link.gatewayId, link.info.version()), link.gatewayId).update();
        }
        if (of.isEmpty()) {
            gateways.findById(link.gatewayId).ifPresent(g -> {
                if (GatewayService.RUNNING.equals(g.status())) {
                    String reason = "no gateway agent is connected (lost node " + node + ": " + why + ")";
                    setStatus(g.id(), GatewayService.RUNNING, GatewayService.UNHEALTHY, reason, g.softwareVersion(), now);
                    events.record(g.id(), GatewayEvents.ERROR, "Unhealthy: " + reason + ".");
                    log.warn("Gateway {} is unhealthy: {}", g.name(), reason);
                }
            });
        }
    }

    /** An agent refused a destination: audited. */
    void refusedByAgent(long gatewayId, String destination, String why) {
        audit.record("gateway-agent", "gateway.tunnel.refused", "gateway/" + gatewayName(gatewayId), "refused",
                destination + ": " + why);
    }

    List<Link> linksOf(long gatewayId) {
        return List.copyOf(links.getOrDefault(gatewayId, List.of()));
    }

    /** Disconnects every agent of the gateway (its token was replaced, or it is deleted). */
    void disconnectAll(long gatewayId, String why) {
        for (Link l : linksOf(gatewayId)) {
            l.closer.run();
            disconnected(l, why);
        }
    }

    void forget(long gatewayId) {
        disconnectAll(gatewayId, "the gateway is deleted");
        known.clear();
        links.remove(gatewayId);
        allowed.remove(gatewayId);
        TunnelProxy p = proxies.remove(gatewayId);
        if (p != null) {
            p.close();
        }
    }

    private void sweep() {
        try {
            Instant stale = clock.instant().minus(heartbeatTimeout);
            for (List<Link> of : links.values()) {
                for (Link l : of) {
                    if (l.lastHeartbeat.isBefore(stale)) {
                        l.closer.run();
                        disconnected(l, "no heartbeat for " + heartbeatTimeout.toSeconds() + " s");
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not check the gateway agents' heartbeats", e);
        }
    }

    // ---- connections through the tunnel

    /** Opens a connection to {@code host:port} through one of the gateway's agents. */
    TunnelStream open(long gatewayId, String host, int port) throws IOException {
        String destination = host + ":" + port;
        if (!allowed.getOrDefault(gatewayId, Set.of()).contains(destination)) {
            audit.record("stackport", "gateway.tunnel.refused", "gateway/" + gatewayName(gatewayId), "refused",
                    destination + " is not in the gateway's allow-list");
            throw new IOException(destination + " is not in gateway '" + gatewayName(gatewayId) + "''s allow-list");
        }
        long waitUntil = 0;
        IOException last = null;
        while (true) {
            List<Link> open = linksOf(gatewayId).stream().filter(l -> !l.mux.isClosed()).toList();
            List<Link> live = open.stream().filter(l -> !draining.contains(gatewayId + "/" + l.info.node())).toList();
            Gateway now = live.isEmpty() && !open.isEmpty() ? gateways.findById(gatewayId).orElse(null) : null;
            if (live.isEmpty() && !open.isEmpty() && (now == null || !GatewayService.UPGRADING.equals(now.status()))) {
                live = open; // only draining agents and no upgrade to wait for: better them than nothing
            }
            for (int i = 0; i < live.size(); i++) {
                Link l = live.get(Math.floorMod(turn.getAndIncrement(), live.size()));
                try {
                    return l.mux.open(host, port, 15_000);
                } catch (IOException e) {
                    if (!l.mux.isClosed()) {
                        throw e; // the agent answered: the destination itself refused or is not allowed
                    }
                    last = e; // that link just failed: the next agent carries it
                }
            }
            Gateway g = gateways.findById(gatewayId).orElseThrow(() -> new IOException("the gateway is deleted"));
            if (!GatewayService.UPGRADING.equals(g.status())) {
                throw new IOException("gateway '" + g.name() + "' has no connected agent"
                        + (g.statusReason() == null ? "" : ": " + g.statusReason()), last);
            }
            // a one-node gateway whose agent is being replaced: wait for it instead of failing
            if (waitUntil == 0) {
                log.info("A connection to {} waits for gateway {}'s agent (upgrading)", destination, g.name());
                waitUntil = System.nanoTime() + queueTimeout.toNanos();
            } else if (System.nanoTime() > waitUntil) {
                throw new IOException("gateway '" + g.name() + "' is upgrading and no agent came back within "
                        + queueTimeout.toSeconds() + " s");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for gateway '" + g.name() + "''s agent");
            }
        }
    }

    // ---- CloudRoutes

    /** A route's gateway as last read, for the per-request routing decision (mode and id do not change). */
    private record Known(long id, boolean agent, long readAt) {
    }

    private final Map<String, Known> known = new ConcurrentHashMap<>();

    /** Nodes whose agent is about to be replaced: no new connections go to them ("gatewayId/node"). */
    private final Set<String> draining = ConcurrentHashMap.newKeySet();

    /**
     * Stops giving the node's agent new connections and closes its connections idle for a moment (a client's pooled
     * connection then opens a new one through another agent, or waits for one while the gateway upgrades); a request
     * in flight finishes first. Returns how many of its connections are still open.
     */
    int drain(long gatewayId, String node) {
        draining.add(gatewayId + "/" + node);
        int open = 0;
        for (Link l : linksOf(gatewayId)) {
            if (l.info.node().equals(node)) {
                for (TunnelStream s : l.mux.streams()) {
                    if (s.idleNanos() > 300_000_000L) {
                        s.reset("the gateway node is being replaced");
                    } else {
                        open++;
                    }
                }
            }
        }
        return open;
    }

    void drained(long gatewayId, String node) {
        draining.remove(gatewayId + "/" + node);
    }

    @Override
    public Optional<InetSocketAddress> proxy(String route) {
        Known k = known.get(route);
        if (k == null || System.nanoTime() - k.readAt() > 5_000_000_000L) {
            Gateway read = gatewayOf(route);
            if (read == null) {
                return Optional.empty(); // not (yet) a gateway: e.g. the check made before registering it
            }
            k = new Known(read.id(), read.agent(), System.nanoTime());
            known.put(route, k);
        }
        if (!k.agent()) {
            return Optional.empty();
        }
        TunnelProxy running = proxies.get(k.id());
        if (running != null && !linksOf(k.id()).isEmpty()) {
            return Optional.of(running.address());
        }
        Gateway g = gateways.findById(k.id()).orElse(null);
        if (g == null) {
            known.remove(route);
            return Optional.empty();
        }
        boolean carried = !linksOf(g.id()).isEmpty();
        if (!carried && GatewayService.INSTALLING.equals(g.status())) {
            // before its first agent connects, the console reaches the cloud from where it is (as pcg install does)
            return Optional.empty();
        }
        if (!carried && !GatewayService.UPGRADING.equals(g.status())) {
            String reason = "gateway '" + g.name() + "' has no connected agent"
                    + (g.statusReason() == null ? "" : " (" + g.statusReason() + ")");
            throw new CloudFailure(CloudFailure.Kind.UNAVAILABLE, "reach the cloud through gateway '" + g.name() + "'", 0,
                    reason, null, null);
        }
        return Optional.of(proxies.computeIfAbsent(g.id(), id -> {
            try {
                return new TunnelProxy(g.name(), (host, port) -> open(id, host, port));
            } catch (IOException e) {
                throw new IllegalStateException("could not open the loopback proxy of gateway " + g.name(), e);
            }
        }).address());
    }

    @Override
    public void allow(String route, Collection<String> destinations) {
        Gateway g = gatewayOf(route);
        if (g == null || !g.agent()) {
            return;
        }
        allow(g.id(), destinations);
    }

    void allow(long gatewayId, Collection<String> destinations) {
        Set<String> set = allowed.computeIfAbsent(gatewayId, id -> ConcurrentHashMap.newKeySet());
        if (set.addAll(destinations)) {
            for (Link l : linksOf(gatewayId)) {
                pushAllowList(gatewayId, l);
            }
        }
    }

    Set<String> allowList(long gatewayId) {
        return Set.copyOf(allowed.getOrDefault(gatewayId, Set.of()));
    }

    private void pushAllowList(long gatewayId, Link link) {
        List<String> list = new ArrayList<>(allowed.getOrDefault(gatewayId, Set.of()));
        list.sort(Comparator.naturalOrder());
        try {
            link.mux.sendLink(Frame.ALLOW, String.join("\n", list));
        } catch (IOException e) {
            // the link is failing; its close handles it
        }
    }

    private Gateway gatewayOf(String route) {
        if (route == null) {
            return null;
        }
        int slash = route.indexOf('/');
        try {
            return gateways.findByTenantIdAndName(Long.parseLong(route.substring(0, slash)), route.substring(slash + 1))
                    .orElse(null);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String gatewayName(long gatewayId) {
        return gateways.findById(gatewayId).map(Gateway::name).orElse(String.valueOf(gatewayId));
    }

    /** The oldest agent version among the connected ones (what an upgrade must still bring), else this one. */
    private String lowestVersion(long gatewayId, String fallback) {
        return linksOf(gatewayId).stream().map(l -> l.info.version()).filter(v -> !v.isEmpty())
                .min(GatewayTunnels::compareVersions).orElse(fallback);
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            int p = i < x.length ? parse(x[i]) : 0;
            int q = i < y.length ? parse(y[i]) : 0;
            if (p != q) {
                return Integer.compare(p, q);
            }
        }
        return 0;
    }

    private static int parse(String s) {
        try {
            return Integer.parseInt(s.replaceAll("[^0-9].*$", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Sets the status only if it is still {@code expected} (another writer, e.g. an upgrade ending, wins). */
    private void setStatus(long gatewayId, String expected, String status, String reason, String version, Instant now) {
        var time = at(now);
        jdbc.sql("update gateway set status = ?, status_reason = ?, software_version = ?, last_heartbeat = ?, "
                        + "missed_heartbeats = 0, updated_at = ?, version = version + 1 where id = ? and status = ?")
                .params(status, reason, version, time, time, gatewayId, expected).update();
    }

    /** A time for a {@code timestamp with time zone} column, as both H2 and PostgreSQL take it. */
    private static java.time.OffsetDateTime at(Instant t) {
        return java.time.OffsetDateTime.ofInstant(t, java.time.ZoneOffset.UTC);
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        proxies.values().forEach(TunnelProxy::close);
        for (List<Link> of : links.values()) {
            of.forEach(l -> l.closer.run());
        }
    }
}
