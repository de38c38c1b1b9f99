package org.stackport.simulator.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Neutron ports and IPv4 address allocation, shared by Neutron (port create), Nova (a server's ports) and
 * Octavia (a load balancer's VIP port). Callers hold the world's lock.
 */
public final class Ports {

    private Ports() {
    }

    /**
     * Creates a port on a network with one address from {@code subnetId} (or the network's first subnet).
     * Throws Neutron's IpAddressGenerationFailure (409) when the subnet is full.
     */
    public static Res create(World world, String projectId, String networkId, String subnetId, String name,
                             String deviceId, String deviceOwner) {
        Res network = world.get(Kinds.NETWORK, networkId).orElseThrow(() ->
                ServiceError.neutron(404, "NetworkNotFound", "Network " + networkId + " could not be found."));
        Res subnet = subnetId != null
                ? world.get(Kinds.SUBNET, subnetId).orElseThrow(() ->
                        ServiceError.neutron(404, "SubnetNotFound", "Subnet " + subnetId + " could not be found."))
                : world.all(Kinds.SUBNET).filter(s -> networkId.equals(s.body.path("network_id").asString()))
                        .findFirst().orElse(null);
        ObjectNode body = Json.object();
        body.put("name", name == null ? "" : name);
        body.put("network_id", network.id);
        body.put("tenant_id", projectId).put("project_id", projectId);
        body.put("mac_address", mac());
        body.put("admin_state_up", true);
        body.put("status", deviceId == null || deviceId.isEmpty() ? "DOWN" : "ACTIVE");
        body.put("device_id", deviceId == null ? "" : deviceId);
        body.put("device_owner", deviceOwner == null ? "" : deviceOwner);
        body.putArray("security_groups");
        body.putArray("tags");
        body.putArray("allowed_address_pairs");
        ArrayNode fixed = body.putArray("fixed_ips");
        if (subnet != null) {
            fixed.addObject().put("subnet_id", subnet.id).put("ip_address", allocate(world, subnet));
        }
        return world.add(Kinds.PORT, projectId, body);
    }

    /** The next free address of a subnet (after the gateway), or Neutron's 409 when none is left. */
    public static String allocate(World world, Res subnet) {
        String cidr = subnet.body.path("cidr").asString();
        Set<String> used = new HashSet<>();
        world.all(Kinds.PORT).forEach(p -> p.body.path("fixed_ips").forEach(ip -> {
            if (subnet.id.equals(ip.path("subnet_id").asString())) {
                used.add(ip.path("ip_address").asString());
            }
        }));
        String gateway = subnet.body.path("gateway_ip").asString("");
        used.add(gateway);
        long[] range = range(cidr);
        for (long a = range[0] + 2; a < range[1]; a++) {
            String ip = toIp(a);
            if (!used.contains(ip)) {
                return ip;
            }
        }
        throw ServiceError.neutron(409, "IpAddressGenerationFailure",
                "No more IP addresses available on network " + subnet.body.path("network_id").asString() + ".");
    }

    /** Number of addresses a subnet can hand out (network, gateway and broadcast excluded). */
    public static long capacity(String cidr) {
        long[] r = range(cidr);
        return Math.max(0, r[1] - r[0] - 2);
    }

    /** [network address, broadcast address] of an IPv4 CIDR; throws Neutron's 400 when malformed. */
    public static long[] range(String cidr) {
        try {
            String[] parts = cidr.split("/");
            int bits = Integer.parseInt(parts[1]);
            if (bits < 0 || bits > 32) {
                throw new IllegalArgumentException();
            }
            byte[] b = InetAddress.getByName(parts[0]).getAddress();
            if (b.length != 4) {
                throw new IllegalArgumentException();
            }
            long addr = ((b[0] & 0xFFL) << 24) | ((b[1] & 0xFFL) << 16) | ((b[2] & 0xFFL) << 8) | (b[3] & 0xFFL);
            long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            long network = addr & mask;
            return new long[] {network, network | (~mask & 0xFFFFFFFFL)};
        } catch (UnknownHostException | RuntimeException e) {
            throw ServiceError.neutron(400, "InvalidInput", "Invalid input for cidr. Reason: '" + cidr + "' is not a valid IP subnet.");
        }
    }

    public static String toIp(long a) {
        return ((a >> 24) & 0xFF) + "." + ((a >> 16) & 0xFF) + "." + ((a >> 8) & 0xFF) + "." + (a & 0xFF);
    }

    private static String mac() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return String.format("fa:16:3e:%02x:%02x:%02x", r.nextInt(256), r.nextInt(256), r.nextInt(256));
    }
}
