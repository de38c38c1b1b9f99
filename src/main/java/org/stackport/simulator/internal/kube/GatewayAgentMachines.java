package org.stackport.simulator.internal.kube;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.stackport.simulator.internal.Json;
import org.stackport.simulator.internal.Kinds;
import org.stackport.simulator.internal.Res;
import org.stackport.simulator.internal.World;
import org.stackport.tunnel.AgentInfo;
import org.stackport.tunnel.GatewayAgent;

/**
 * Servers whose cloud-init runs the Stackport gateway agent: when one becomes ACTIVE, the simulator starts the real
 * agent class in-process with the settings its user data writes ({@code /etc/stackport/gateway-agent.conf}), as the
 * VM's systemd unit would; when the server is deleted or stopped, its agent stops. The agent's address is the
 * server's fixed IP. A test can make new agents report an older version, to exercise an upgrade.
 */
public final class GatewayAgentMachines implements AutoCloseable {

    static final String CONFIG = "/etc/stackport/gateway-agent.conf";
    private static final Logger log = LoggerFactory.getLogger(GatewayAgentMachines.class);

    private final World world;
    private final KubeReach reach;
    private final Map<String, GatewayAgent> agents = new HashMap<>();
    private final Map<String, String> looked = new HashMap<>();
    private volatile String version = GatewayAgent.VERSION;
    private int started;
    private boolean closed;

    public GatewayAgentMachines(World world) {
        this.world = world;
        this.reach = new KubeReach(world);
        world.whenDue(this::reconcile);
    }

    /** The version agents started from now on report (a test hook: an older agent to upgrade). */
    public void agentVersion(String v) {
        this.version = v == null ? GatewayAgent.VERSION : v;
    }

    /** The running agents, by server name. */
    public synchronized Map<String, GatewayAgent> agents() {
        Map<String, GatewayAgent> byName = new LinkedHashMap<>();
        agents.forEach((id, a) -> byName.put(a.info().node(), a));
        return byName;
    }

    private synchronized void reconcile() {
        if (closed) {
            return;
        }
        Instant now = world.now();
        world.all(Kinds.SERVER).forEach(s -> {
            boolean active = KubeMachines.active(s, now);
            if (active && !agents.containsKey(s.id) && !looked.containsKey(s.id)) {
                looked.put(s.id, "");
                boot(s).ifPresent(a -> agents.put(s.id, a));
            } else if (!active && agents.containsKey(s.id)) {
                stop(agents.remove(s.id));
                looked.remove(s.id);
            }
        });
        for (String id : List.copyOf(agents.keySet())) {
            if (world.get(Kinds.SERVER, id).isEmpty()) {
                stop(agents.remove(id));
            }
        }
        looked.keySet().removeIf(id -> world.get(Kinds.SERVER, id).isEmpty());
    }

    private Optional<GatewayAgent> boot(Res server) {
        Optional<CloudConfig> config = CloudConfig.parse(Json.text(server.body, "user_data"));
        CloudConfig.WrittenFile file = config.map(c -> c.files().get(CONFIG)).orElse(null);
        if (file == null) {
            return Optional.empty();
        }
        Map<String, String> settings = new HashMap<>();
        file.content().lines().forEach(line -> {
            int eq = line.indexOf('=');
            if (eq > 0) {
                settings.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        });
        String console = settings.get("console");
        String token = settings.get("token");
        if (console == null || token == null) {
            return Optional.empty();
        }
        KubeReach.Nic nic = reach.nic(server.id);
        Duration heartbeat;
        try {
            heartbeat = org.springframework.boot.convert.DurationStyle.detectAndParse(settings.getOrDefault("heartbeat", "10s"));
        } catch (IllegalArgumentException e) {
            heartbeat = Duration.ofSeconds(10);
        }
        String node = settings.getOrDefault("node-name", server.name());
        AgentInfo info = new AgentInfo(node, nic == null ? "" : nic.address(), Json.text(server.body, "availability_zone"),
                version);
        log.info("Simulated server {} starts its gateway agent {} (console {})", server.name(), version, console);
        // its connections come from a loopback address of its own, so the journal shows what came through an agent
        java.net.InetAddress from;
        try {
            from = java.net.InetAddress.getByAddress(new byte[] {127, 0, 2, (byte) (1 + started++ % 250)});
        } catch (java.net.UnknownHostException e) {
            from = null;
        }
        return Optional.of(GatewayAgent.start(new GatewayAgent.Options(URI.create(console), token, info, heartbeat, null,
                line -> log.info("gateway agent on {}: {}", node, line), from)));
    }

    private static void stop(GatewayAgent agent) {
        if (agent != null) {
            Thread.ofVirtual().start(agent::close);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        new ArrayList<>(agents.values()).forEach(GatewayAgentMachines::stop);
        agents.clear();
    }
}
