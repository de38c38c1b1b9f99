package org.stackport.gateway;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.stackport.account.AccountSecrets;
import org.stackport.account.CloudAccountService;
import org.stackport.gateway.internal.Gateway;
import org.stackport.gateway.internal.GatewayInstallJob;
import org.stackport.gateway.internal.GatewayNodeRepository;
import org.stackport.gateway.internal.GatewayRepository;
import org.stackport.openstack.CloudCredentials;
import org.stackport.openstack.CloudFailure;
import org.stackport.openstack.ComputeApi;
import org.stackport.openstack.FlavorInfo;
import org.stackport.openstack.ImageApi;
import org.stackport.openstack.ImageInfo;
import org.stackport.openstack.NetworkApi;
import org.stackport.openstack.ServerGroupInfo;
import org.stackport.openstack.ServerInfo;
import org.stackport.openstack.ServerSpec;
import org.stackport.security.SecretCipher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Puts an agent gateway's own servers into its OpenStack and takes them away again, as short Quartz passes that
 * never wait on the cloud (each pass looks at what exists by name and does the next thing, so a restart or a lost
 * answer repeats nothing): an egress-only security group, a server group (anti-affinity) for three nodes, and one
 * server per node whose cloud-init runs the agent. The gateway is {@code Installing} until its first agent connects;
 * a resize to 3 makes the two more servers; a delete removes the servers, then the groups, then the record.
 */
@Component
class GatewayInstaller implements GatewayInstallJob.Passes {

    static final String DELETING = "Deleting";
    private static final Logger log = LoggerFactory.getLogger(GatewayInstaller.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration POLL = Duration.ofSeconds(2);

    private final GatewayRepository gateways;
    private final GatewayNodeRepository nodes;
    private final AccountSecrets secrets;
    private final CloudAccountService accounts;
    private final ComputeApi compute;
    private final NetworkApi network;
    private final ImageApi images;
    private final GatewayTunnels tunnels;
    private final GatewayEvents events;
    private final GatewayHealth health;
    private final SecretCipher cipher;
    private final AgentJar jar;
    private final org.stackport.shared.PassTriggers triggers;
    private final Environment environment;
    private final Clock clock;
    private final Duration heartbeat;
    private final java.util.Map<Long, String> lastFailure = new java.util.concurrent.ConcurrentHashMap<>();
    private org.springframework.jdbc.core.simple.JdbcClient jdbc;
    private Duration drainTimeout = Duration.ofSeconds(20);

    /** How long a node being replaced may finish its connections in flight ({@code stackport.gateway.drain-timeout}). */
    @org.springframework.beans.factory.annotation.Autowired
    void setDrainTimeout(@Value("${stackport.gateway.drain-timeout:20s}") Duration drainTimeout) {
        this.drainTimeout = drainTimeout;
    }

    @org.springframework.beans.factory.annotation.Autowired
    void setJdbc(org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    GatewayInstaller(GatewayRepository gateways, GatewayNodeRepository nodes, AccountSecrets secrets,
                     CloudAccountService accounts, ComputeApi compute, NetworkApi network, ImageApi images,
                     GatewayTunnels tunnels, GatewayEvents events, GatewayHealth health, SecretCipher cipher, AgentJar jar,
                     org.stackport.shared.PassTriggers triggers, Environment environment, Clock clock,
                     @Value("${stackport.gateway.agent-heartbeat:10s}") Duration heartbeat) {
        this.gateways = gateways;
        this.nodes = nodes;
        this.secrets = secrets;
        this.accounts = accounts;
        this.compute = compute;
        this.network = network;
        this.images = images;
        this.tunnels = tunnels;
        this.events = events;
        this.health = health;
        this.cipher = cipher;
        this.jar = jar;
        this.triggers = triggers;
        this.environment = environment;
        this.clock = clock;
        this.heartbeat = heartbeat;
    }

    /** Every agent gateway still being installed, resized or removed gets its passes back after a restart. */
    @EventListener(ApplicationReadyEvent.class)
    void resumeAll() {
        gateways.findAll().stream().filter(g -> g.agent() && g.uid() != null).forEach(g -> wake(g.id()));
    }

    /**
     * A pass now; inside a transaction, once it has committed (Quartz's scheduler thread, woken by the new trigger,
     * would not see it before and would sleep its idle wait, 30 s, before looking again).
     */
    void wake(long gatewayId) {
        if (org.springframework.transaction.support.TransactionSynchronizationManager.isSynchronizationActive()) {
            org.springframework.transaction.support.TransactionSynchronizationManager.registerSynchronization(
                    new org.springframework.transaction.support.TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            runAt(gatewayId, clock.instant());
                        }
                    });
        } else {
            runAt(gatewayId, clock.instant());
        }
    }

    @Override
    public void runAt(long gatewayId, Instant at) {
        triggers.runAt("gateway", "gateway-install-" + gatewayId, GatewayInstallJob.class, GatewayInstallJob.GATEWAY_ID,
                gatewayId, at);
    }

    /** One pass: returns when it wants the next (empty: the gateway is at rest). */
    @Override
    public Optional<Instant> pass(long gatewayId) {
        Gateway g = gateways.findById(gatewayId).orElse(null);
        if (g == null || !g.agent() || g.uid() == null) {
            return Optional.empty();
        }
        // the installer reaches the cloud from the console, as pcg install does from where it runs: it makes and
        // replaces the very nodes the tunnel would need (a one-node upgrade would otherwise wait for itself)
        Optional<CloudCredentials> found = secrets.credentials(g.tenantId(), g.cloudAccount()).map(c -> c.via(null));
        return passOf(g, found);
    }

    private Optional<Instant> passOf(Gateway g, Optional<CloudCredentials> found) {
        try {
            if (DELETING.equals(g.status())) {
                if (found.isEmpty() || teardown(g, found.get())) {
                    finishDelete(g);
                    return Optional.empty();
                }
                return Optional.of(clock.instant().plus(POLL));
            }
            if (found.isEmpty()) {
                return Optional.empty();
            }
            Optional<Instant> next = install(g, found.get());
            if (lastFailure.remove(g.id()) != null) {
                jdbc.sql("update gateway set status_reason = ?, version = version + 1 where id = ? and status = "
                        + "'Installing'").params(GatewayService.WAITING_FOR_AGENT, g.id()).update();
            }
            return next;
        } catch (CloudFailure f) {
            // said once (not at every pass), and shown as the gateway's detail until the next pass gets further
            String message = (DELETING.equals(g.status()) ? "removing" : "installing") + " paused: " + f.getMessage();
            if (!message.equals(lastFailure.put(g.id(), message))) {
                log.warn("Gateway {}: {}", g.name(), message);
                events.record(g.id(), GatewayEvents.WARNING, message + "; trying again every 30 s.");
                jdbc.sql("update gateway set status_reason = ?, version = version + 1 where id = ? and status in "
                        + "('Installing', 'Deleting')").params(message.length() > 1000 ? message.substring(0, 1000)
                        : message, g.id()).update();
            }
            return Optional.of(clock.instant().plus(Duration.ofSeconds(30)));
        } catch (RuntimeException e) {
            log.error("Pass for gateway {} failed; trying again in a minute", g.name(), e);
            return Optional.of(clock.instant().plus(Duration.ofMinutes(1)));
        }
    }

    // ---- install and resize

    private Optional<Instant> install(Gateway g, CloudCredentials c) {
        JsonNode s = JSON.readTree(g.settings());
        JsonNode placement = s.path("placement");
        String zone = text(s, "availabilityZone");
        String networkId;
        if ("dynamic".equals(text(placement, "type"))) {
            networkId = dynamicNetwork(g, c, placement);
        } else {
            networkId = network.findNetwork(c, text(placement, "network")).orElseThrow(() -> new CloudFailure(
                    CloudFailure.Kind.NOT_FOUND, "find network " + text(placement, "network"), 404,
                    "network '" + text(placement, "network") + "' not found", null, null)).id();
        }
        String group = network.findSecurityGroup(c, g.prefix()).map(NetworkApi.SecurityGroupInfo::id).orElseGet(() -> {
            events.record(g.id(), GatewayEvents.INFO, "Created security group " + g.prefix()
                    + " (egress only: nothing reaches the gateway's nodes from outside).");
            return network.createSecurityGroup(c, g.prefix(), "Stackport gateway " + g.name() + ": egress only").id();
        });
        String serverGroup = null;
        if (g.size() > 1) {
            serverGroup = compute.findServerGroupByName(c, g.prefix()).map(ServerGroupInfo::id)
                    .orElseGet(() -> compute.createServerGroup(c, g.prefix(), "anti-affinity").id());
        }
        String keyName = null;
        String sshKey = text(s, "sshPublicKey");
        if (sshKey != null && !sshKey.isBlank()) {
            keyName = g.prefix();
            if (compute.findKeypair(c, keyName).isEmpty()) {
                compute.createKeypair(c, keyName, sshKey);
            }
        }
        List<ServerInfo> servers = compute.serversNamedFrom(c, g.prefix() + "-");
        boolean waiting = false;
        Machine machine = null;
        for (int i = 0; i < g.size(); i++) {
            String name = g.prefix() + "-" + i;
            ServerInfo server = servers.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
            if (server == null) {
                machine = machine != null ? machine : machine(c);
                compute.createServer(c, spec(g, s, machine, name, zone, networkId, group, serverGroup, keyName));
                events.record(g.id(), GatewayEvents.INFO, "Creating gateway node " + name
                        + (zone == null || zone.isBlank() ? "" : " in " + zone) + ".");
                waiting = true;
            } else if ("ERROR".equals(server.status())) {
                compute.deleteServer(c, server.id());
                events.record(g.id(), GatewayEvents.WARNING, "Gateway node " + name + " went to ERROR"
                        + (server.faultMessage() == null ? "" : " (" + server.faultMessage() + ")") + "; making it again.");
                waiting = true;
            } else if (!"ACTIVE".equals(server.status())) {
                waiting = true;
            }
        }
        if (GatewayService.UPGRADING.equals(g.status()) && g.targetVersion() != null) {
            return waiting ? Optional.of(clock.instant().plus(POLL)) : upgrade(g, c, compute.serversNamedFrom(c, g.prefix() + "-"));
        }
        long connected = tunnels.linksOf(g.id()).stream().map(l -> l.info.node()).distinct().count();
        boolean running = gateways.findById(g.id()).map(x -> GatewayService.RUNNING.equals(x.status())).orElse(false);
        if (waiting || connected < g.size() || !running) {
            return Optional.of(clock.instant().plus(POLL));
        }
        return Optional.empty();
    }

    /** When each node's replacement began ("gatewayId/node"), and when its draining began. */
    private final java.util.Map<String, Instant> replacing = new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Instant> drainingSince = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * One node at a time: the first whose agent is older than the target stops getting new connections, its idle
     * ones are closed, and once its last one ends (or after {@code stackport.gateway.drain-timeout}, 20 s) its server is replaced by one that runs this
     * console's agent; the next node waits until that agent has connected. With three nodes the others carry the
     * traffic meanwhile; with one, new connections wait for the new agent (see {@link GatewayTunnels#open}).
     */
    private Optional<Instant> upgrade(Gateway g, CloudCredentials c, List<ServerInfo> servers) {
        String target = g.targetVersion();
        // a redeploy replaces every node that existed when it was asked for (their user data has the old settings):
        // their server ids are noted first, so a new server is never taken for an old one (no clocks compared)
        tools.jackson.databind.node.ObjectNode settings = (tools.jackson.databind.node.ObjectNode) JSON.readTree(g.settings());
        String rollAt = text(settings, "rollAt");
        if (rollAt != null && !settings.has("rollIds")) {
            var ids = settings.putArray("rollIds");
            servers.forEach(v -> ids.add(v.id()));
            jdbc.sql("update gateway set settings = ?, version = version + 1 where id = ?")
                    .params(JSON.writeValueAsString(settings), g.id()).update();
            return Optional.of(clock.instant());
        }
        java.util.Set<String> rollIds = new java.util.HashSet<>();
        settings.path("rollIds").forEach(v -> rollIds.add(v.asString()));
        java.util.Set<String> stale = new java.util.HashSet<>();
        servers.stream().filter(v -> rollIds.contains(v.id())).forEach(v -> stale.add(v.name()));
        java.util.Map<String, String> versions = new java.util.HashMap<>();
        for (GatewayTunnels.Link l : tunnels.linksOf(g.id())) {
            versions.merge(l.info.node(), l.info.version(), (a, b) -> GatewayTunnels.compareVersions(a, b) <= 0 ? a : b);
        }
        for (int i = 0; i < g.size(); i++) {
            String node = g.prefix() + "-" + i;
            String v = versions.get(node);
            boolean replaced = replacing.containsKey(g.id() + "/" + node);
            if (v == null || (replaced && (GatewayTunnels.compareVersions(v, target) < 0 || stale.contains(node)))) {
                return Optional.of(clock.instant().plus(POLL)); // a node is being replaced: wait for its new agent
            }
            if (replaced) {
                replacing.remove(g.id() + "/" + node);
                tunnels.drained(g.id(), node);
                events.record(g.id(), GatewayEvents.INFO, "Node " + node + " runs agent " + v + ".");
            }
        }
        for (int i = 0; i < g.size(); i++) {
            String node = g.prefix() + "-" + i;
            if (GatewayTunnels.compareVersions(versions.get(node), target) >= 0 && !stale.contains(node)) {
                continue;
            }
            String key = g.id() + "/" + node;
            int open = tunnels.drain(g.id(), node);
            Instant since = drainingSince.computeIfAbsent(key, k -> clock.instant());
            if (open > 0 && clock.instant().isBefore(since.plus(drainTimeout))) {
                return Optional.of(clock.instant().plus(Duration.ofMillis(200)));
            }
            drainingSince.remove(key);
            compute.findServerByName(c, node).ifPresent(server -> compute.deleteServer(c, server.id()));
            replacing.put(key, clock.instant());
            events.record(g.id(), GatewayEvents.INFO, "Replacing node " + node + " (agent " + versions.get(node)
                    + ") with one running agent " + target + ".");
            return Optional.of(clock.instant().plus(POLL));
        }
        Gateway fresh = gateways.findById(g.id()).orElse(g);
        settings.remove("rollAt");
        settings.remove("rollIds");
        gateways.save(fresh.upgraded(clock.instant(), clock.instant()).withSettings(JSON.writeValueAsString(settings)));
        events.record(g.id(), GatewayEvents.INFO, (rollAt != null ? "Nodes replaced with the changed settings"
                : "Upgrade to " + target + " done") + ", one node at a time; the gateway is running.");
        return Optional.empty();
    }

    private String dynamicNetwork(Gateway g, CloudCredentials c, JsonNode placement) {
        String name = g.prefix();
        var net = network.findNetwork(c, name).orElseGet(() -> network.createNetwork(c, name));
        var subnet = network.findSubnet(c, net.id(), name).orElseGet(() -> {
            List<String> dns = new ArrayList<>();
            placement.path("dnsServers").forEach(d -> dns.add(d.asString()));
            return network.createSubnet(c, new NetworkApi.SubnetSpec(name, net.id(), text(placement, "nodeCidr"), null, dns));
        });
        var router = network.findRouter(c, name).orElseGet(() -> network.createRouter(c, name,
                network.findExternalNetwork(c, null).map(NetworkApi.NetworkInfo::id).orElse(null)));
        if (network.routerInterfaces(c, router.id()).stream().noneMatch(p -> p.fixedIps().stream()
                .anyMatch(ip -> ip.subnetId().equals(subnet.id())))) {
            network.addRouterInterface(c, router.id(), subnet.id());
        }
        return net.id();
    }

    /** The image and flavor of a gateway node, chosen once per pass (only when a node is to be made). */
    private record Machine(String imageId, String flavorId) {
    }

    private Machine machine(CloudCredentials c) {
        List<ImageInfo> active = images.list(c).stream().filter(ImageInfo::active).toList();
        ImageInfo image = active.stream().filter(i -> i.name() != null && i.name().toLowerCase().contains("ubuntu"))
                .max(Comparator.comparing(ImageInfo::createdAt, Comparator.nullsFirst(Comparator.naturalOrder())))
                .or(() -> active.stream().findFirst())
                .orElseThrow(() -> new CloudFailure(CloudFailure.Kind.NOT_FOUND, "choose an image for the gateway's nodes",
                        404, "the cloud offers no active image", null, null));
        // the agent needs little: the smallest flavor with 1 vCPU and 2 GiB
        FlavorInfo flavor = compute.flavors(c).stream().filter(f -> f.vcpus() >= 1 && f.ramMiB() >= 2048)
                .min(Comparator.comparingInt(FlavorInfo::ramMiB).thenComparingInt(FlavorInfo::vcpus))
                .orElseThrow(() -> new CloudFailure(CloudFailure.Kind.NOT_FOUND, "choose a flavor for the gateway's nodes",
                        404, "the cloud offers no flavor with 1 vCPU and 2 GiB of RAM", null, null));
        return new Machine(image.id(), flavor.id());
    }

    private ServerSpec spec(Gateway g, JsonNode s, Machine machine, String name, String zone, String networkId,
                            String group, String serverGroup, String keyName) {
        JsonNode p = s.path("proxy");
        GatewayCloudInit.Proxy proxy = p.isMissingNode() || p.isNull() ? null : new GatewayCloudInit.Proxy(
                secret(p, "https"), secret(p, "http"), strings(p.path("noProxy")), text(p, "caCertificatePath"));
        String userData = GatewayCloudInit.render(consoleUrl(), token(g), name, zone, heartbeat.toMillis() + "ms",
                jar.sha256(), proxy, s.path("patchOsOnBoot").asBoolean(false), s.path("rebootAfterPatch").asBoolean(false));
        return new ServerSpec(name, machine.flavorId(), machine.imageId(), keyName, List.of(networkId), List.of(), List.of(group),
                zone == null || zone.isBlank() ? null : zone, serverGroup, null, userData,
                Map.of("stackport-gateway", g.uid(), "stackport-gateway-name", g.name()));
    }

    /**
     * The agents' token for a node's user data. Only its hash is stored, so the installer keeps the token that was
     * shown at registration encrypted beside the settings ({@code agentTokenSecret}).
     */
    private String token(Gateway g) {
        JsonNode s = JSON.readTree(g.settings());
        String sealed = text(s, GatewayService.SEALED_TOKEN);
        if (sealed == null) {
            throw new IllegalStateException("gateway " + g.name() + " keeps no token for its nodes");
        }
        return cipher.decrypt(sealed);
    }

    private String secret(JsonNode proxy, String which) {
        String sealed = text(proxy, which + "Secret");
        return sealed != null ? cipher.decrypt(sealed) : text(proxy, which);
    }

    /** Where agents dial: {@code stackport.console-url}, else this console on its own port. */
    String consoleUrl() {
        String configured = environment.getProperty("stackport.console-url");
        if (configured != null && !configured.isBlank()) {
            return configured.strip().replaceAll("/+$", "");
        }
        return "http://127.0.0.1:" + environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
    }

    // ---- removal

    /** Removes what the gateway has in the cloud, in order; true once nothing is left. */
    private boolean teardown(Gateway g, CloudCredentials c) {
        List<ServerInfo> servers = compute.serversNamedFrom(c, g.prefix() + "-");
        if (!servers.isEmpty()) {
            for (ServerInfo s : servers) {
                if (!"DELETED".equals(s.status())) {
                    compute.deleteServer(c, s.id());
                }
            }
            return false;
        }
        compute.findServerGroupByName(c, g.prefix()).ifPresent(sg -> compute.deleteServerGroup(c, sg.id()));
        compute.findKeypair(c, g.prefix()).ifPresent(k -> compute.deleteKeypair(c, g.prefix()));
        Optional<NetworkApi.SecurityGroupInfo> group = network.findSecurityGroup(c, g.prefix());
        if (group.isPresent()) {
            try {
                network.deleteSecurityGroup(c, group.get().id());
            } catch (CloudFailure f) {
                if (f.kind() == CloudFailure.Kind.CONFLICT) {
                    return false; // its ports are still being released
                }
                throw f;
            }
        }
        Optional<NetworkApi.RouterInfo> router = network.findRouter(c, g.prefix());
        Optional<NetworkApi.NetworkInfo> net = network.findNetwork(c, g.prefix());
        if (router.isPresent()) {
            net.flatMap(n -> network.findSubnet(c, n.id(), g.prefix()))
                    .ifPresent(sub -> network.removeRouterInterface(c, router.get().id(), sub.id()));
            network.deleteRouter(c, router.get().id());
        }
        if (net.isPresent()) {
            try {
                network.deleteNetwork(c, net.get().id());
            } catch (CloudFailure f) {
                if (f.kind() == CloudFailure.Kind.CONFLICT) {
                    return false;
                }
                throw f;
            }
        }
        return true;
    }

    private void finishDelete(Gateway g) {
        health.unschedule(g.id());
        try {
            triggers.forget("gateway", "gateway-install-" + g.id());
        } catch (IllegalStateException e) {
            log.warn("The install job of deleted gateway {} stays (harmless): {}", g.name(), e.getMessage());
        }
        tunnels.forget(g.id());
        gateways.delete(g);
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                g.deletedBy() == null ? "admin" : g.deletedBy(), null, List.of(new SimpleGrantedAuthority("ROLE_TENANT_ADMIN"))));
        SecurityContextHolder.setContext(context);
        try {
            accounts.delete(g.cloudAccount());
        } catch (RuntimeException e) {
            log.warn("Gateway {} is gone from the cloud; its account {} could not be deleted: {}", g.name(),
                    g.cloudAccount(), e.getMessage());
        } finally {
            SecurityContextHolder.clearContext();
        }
        log.info("Gateway {} removed from the cloud and deleted", g.name());
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isMissingNode() || v.isNull() ? null : v.asString();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asString()));
        return out;
    }
}
