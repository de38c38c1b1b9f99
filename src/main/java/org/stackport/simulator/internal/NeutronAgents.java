package org.stackport.simulator.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Neutron's agent extension: the Open vSwitch agent of every compute host (as Nova's os-hypervisors names them)
 * and the DHCP, L3 and metadata agents of one network node, all alive. Agents are admin-only (get_agent policy):
 * a member's list is empty and a member cannot see one. Part of {@link Neutron}; callers hold the world's lock.
 */
final class NeutronAgents {

    /** Agents' times are written as the agents' database rows hold them, without a zone (Neutron's own format). */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private record Agent(String id, String type, String binary, String host, String zone) {
    }

    private final World world;
    private final Instant started;
    private final List<Agent> agents = new ArrayList<>();
    private final Map<String, ObjectNode> changes = new HashMap<>();

    NeutronAgents(World world) {
        this.world = world;
        this.started = world.now();
        for (String zone : Nova.ZONES) {
            add("Open vSwitch agent", "neutron-openvswitch-agent", "compute-" + zone, null);
        }
        add("DHCP agent", "neutron-dhcp-agent", "network-1", "nova");
        add("L3 agent", "neutron-l3-agent", "network-1", "nova");
        add("Metadata agent", "neutron-metadata-agent", "network-1", null);
        add("Open vSwitch agent", "neutron-openvswitch-agent", "network-1", null);
    }

    private void add(String type, String binary, String host, String zone) {
        String id = UUID.nameUUIDFromBytes((binary + "@" + host).getBytes(StandardCharsets.UTF_8)).toString();
        agents.add(new Agent(id, type, binary, host, zone));
    }

    void register(Neutron.Routes routes) {
        routes.add("GET", "/agents", r -> {
            ObjectNode out = Json.object();
            ArrayNode list = out.putArray("agents");
            if (r.token().admin()) {
                agents.forEach(a -> list.add(view(a)));
            }
            return SimResponse.ok(out);
        });
        routes.add("GET", "/agents/{id}", r -> {
            ObjectNode out = Json.object();
            out.set("agent", view(find(r)));
            return SimResponse.ok(out);
        });
        routes.add("PUT", "/agents/{id}", r -> {
            Agent a = find(r);
            JsonNode b = Neutron.body(r, "agent");
            ObjectNode changed = changes.computeIfAbsent(a.id(), k -> Json.object());
            for (String field : new String[] {"admin_state_up", "description"}) {
                if (b.has(field)) {
                    changed.set(field, b.get(field).deepCopy());
                }
            }
            ObjectNode out = Json.object();
            out.set("agent", view(a));
            return SimResponse.ok(out);
        });
    }

    private Agent find(SimRequest r) {
        String id = r.param("id");
        return agents.stream().filter(a -> a.id().equals(id) && r.token().admin()).findFirst()
                .orElseThrow(() -> ServiceError.neutron(404, "AgentNotFound", "Agent " + id + " could not be found."));
    }

    private ObjectNode view(Agent a) {
        String now = TIME.format(world.now());
        ObjectNode o = Json.object();
        o.put("id", a.id()).put("agent_type", a.type()).put("binary", a.binary()).put("host", a.host()).put("topic", "N/A")
                .put("admin_state_up", true).put("alive", true).put("description", (String) null)
                .put("availability_zone", a.zone()).put("created_at", TIME.format(started))
                .put("started_at", TIME.format(started)).put("heartbeat_timestamp", now)
                .putNull("resources_synced").putNull("ha_state");
        o.putObject("configurations");
        ObjectNode changed = changes.get(a.id());
        if (changed != null) {
            o.setAll(changed);
        }
        return o;
    }
}
