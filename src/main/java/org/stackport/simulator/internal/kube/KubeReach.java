package org.stackport.simulator.internal.kube;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.stackport.simulator.internal.Json;
import org.stackport.simulator.internal.Kinds;
import org.stackport.simulator.internal.Octavia;
import org.stackport.simulator.internal.Res;
import org.stackport.simulator.internal.World;
import tools.jackson.databind.JsonNode;

/**
 * Which network path leads to which cluster's API, by the cloud's own objects. The API server listens on 6443 on
 * each control-plane node. It is reached:
 * <ul>
 * <li>from outside (this machine) only through an ACTIVE floating IP, associated either with a control-plane node's
 * port, or with the VIP port of a load balancer (not in ERROR, not being deleted) that has a TCP 6443 listener whose
 * pool has a member on a control-plane node's address and subnet, port 6443, already applied by the load balancer;
 * <li>from inside a tenant network also at such a VIP or a control-plane node's own address on the same network
 * (and, as with a real router's hairpin, at the floating IPs).
 * </ul>
 */
final class KubeReach {

    /** A server's first port: what a node's InternalIP and a pool member's address and subnet are matched against. */
    record Nic(String portId, String address, String subnetId, String networkId) {
    }

    private final World world;

    KubeReach(World world) {
        this.world = world;
    }

    KubeCluster.Machine machine(Res server) {
        Nic nic = nic(server.id);
        return new KubeCluster.Machine(server.id, server.name(), nic == null ? null : nic.address(),
                server.body.path("_vcpus").asInt(1), server.body.path("_ram").asInt(2048));
    }

    Nic nic(String serverId) {
        Res server = world.get(Kinds.SERVER, serverId).orElse(null);
        if (server == null) {
            return null;
        }
        for (JsonNode p : server.body.path("_ports")) {
            Res port = world.get(Kinds.PORT, p.asString()).orElse(null);
            if (port != null && port.body.path("fixed_ips").size() > 0) {
                JsonNode ip = port.body.path("fixed_ips").get(0);
                return new Nic(port.id, ip.path("ip_address").asString(""), ip.path("subnet_id").asString(""),
                        port.body.path("network_id").asString(""));
            }
        }
        return null;
    }

    /** The floating IP addresses that lead to each cluster's API now. */
    Map<KubeCluster, Set<String>> externalAddresses(Collection<KubeCluster> clusters, Instant now) {
        Map<String, KubeCluster> byPort = new HashMap<>();
        Map<String, KubeCluster> bySubnetAddress = new HashMap<>();
        controlPlanes(clusters, byPort, bySubnetAddress);
        Map<KubeCluster, Set<String>> out = new LinkedHashMap<>();
        Map<String, Res> lbByVipPort = null;
        for (Res fip : world.all(Kinds.FLOATING_IP).toList()) {
            String portId = Json.text(fip.body, "port_id");
            if (portId == null || !fip.settled(now) || world.get(Kinds.PORT, portId).isEmpty()) {
                continue;
            }
            String address = fip.body.path("floating_ip_address").asString("");
            KubeCluster direct = byPort.get(portId);
            if (direct != null) {
                out.computeIfAbsent(direct, c -> new LinkedHashSet<>()).add(address);
            }
            if (lbByVipPort == null) {
                lbByVipPort = new HashMap<>();
                for (Res lb : world.all(Kinds.LOADBALANCER).toList()) {
                    lbByVipPort.put(lb.body.path("vip_port_id").asString(""), lb);
                }
            }
            Res lb = lbByVipPort.get(portId);
            if (lb != null) {
                for (KubeCluster c : behind(lb, now, bySubnetAddress)) {
                    out.computeIfAbsent(c, x -> new LinkedHashSet<>()).add(address);
                }
            }
        }
        return out;
    }

    /** The cluster an endpoint "host:port" leads to from a machine, or null. */
    KubeCluster serving(Collection<KubeCluster> clusters, String endpoint, KubeCluster.Machine from, Instant now) {
        String host = KubeCluster.host(endpoint);
        if (!endpoint.endsWith(":" + KubeCluster.API_PORT)) {
            return null;
        }
        for (Map.Entry<KubeCluster, Set<String>> e : externalAddresses(clusters, now).entrySet()) {
            if (e.getValue().contains(host)) {
                return e.getKey();
            }
        }
        Nic own = nic(from.serverId());
        if (own == null) {
            return null;
        }
        Map<String, KubeCluster> byPort = new HashMap<>();
        Map<String, KubeCluster> bySubnetAddress = new HashMap<>();
        controlPlanes(clusters, byPort, bySubnetAddress);
        for (KubeCluster c : clusters) {
            for (KubeCluster.Node n : c.nodes()) {
                Nic nic = n.controlPlane ? nic(n.serverId) : null;
                if (nic != null && nic.address().equals(host) && nic.networkId().equals(own.networkId())) {
                    return c;
                }
            }
        }
        for (Res lb : world.all(Kinds.LOADBALANCER).toList()) {
            if (host.equals(Json.text(lb.body, "vip_address")) && own.networkId().equals(Json.text(lb.body, "vip_network_id"))) {
                List<KubeCluster> behind = behind(lb, now, bySubnetAddress);
                if (!behind.isEmpty()) {
                    return behind.getFirst();
                }
            }
        }
        return null;
    }

    private void controlPlanes(Collection<KubeCluster> clusters, Map<String, KubeCluster> byPort,
                               Map<String, KubeCluster> bySubnetAddress) {
        for (KubeCluster c : clusters) {
            for (KubeCluster.Node n : c.nodes()) {
                Nic nic = n.controlPlane ? nic(n.serverId) : null;
                if (nic != null) {
                    byPort.put(nic.portId(), c);
                    bySubnetAddress.put(nic.subnetId() + "|" + nic.address(), c);
                }
            }
        }
    }

    /** The clusters a load balancer forwards TCP 6443 to, as applied by it now. */
    private List<KubeCluster> behind(Res lb, Instant now, Map<String, KubeCluster> bySubnetAddress) {
        List<KubeCluster> out = new ArrayList<>();
        if (lb.deletingUntil != null || "ERROR".equals(lb.forcedStatus)) {
            return out;
        }
        Set<String> pools = new LinkedHashSet<>();
        world.all(Kinds.LISTENER).filter(l -> lb.id.equals(Json.text(l.body, Octavia.LB)) && applied(lb, l, now))
                .filter(l -> "TCP".equals(Json.text(l.body, "protocol")) && l.body.path("protocol_port").asInt() == KubeCluster.API_PORT)
                .map(l -> Json.text(l.body, "default_pool_id")).filter(Objects::nonNull).forEach(pools::add);
        if (pools.isEmpty()) {
            return out;
        }
        String vipSubnet = Json.text(lb.body, "vip_subnet_id");
        world.all(Kinds.MEMBER).filter(m -> pools.contains(Json.text(m.body, Octavia.POOL)) && applied(lb, m, now))
                .filter(m -> m.body.path("protocol_port").asInt() == KubeCluster.API_PORT)
                .forEach(m -> {
                    String subnet = Json.text(m.body, "subnet_id") != null ? Json.text(m.body, "subnet_id") : vipSubnet;
                    KubeCluster c = bySubnetAddress.get(subnet + "|" + m.body.path("address").asString(""));
                    if (c != null && !out.contains(c)) {
                        out.add(c);
                    }
                });
        return out;
    }

    /** A change of a child is in effect once its load balancer has applied it (it left PENDING_*). */
    private static boolean applied(Res lb, Res child, Instant now) {
        return child.deletingUntil == null && (lb.settled(now) || !child.body.has(Octavia.PENDING));
    }
}
