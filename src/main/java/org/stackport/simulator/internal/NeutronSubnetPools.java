package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.Neutron.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Neutron subnet pools (subnet_allocation, IPv4 as the simulator's subnets): prefixes a project's subnets are cut
 * from, by prefix length (the pool's default or the request's) or by a CIDR inside the pool, each block handed out
 * once. A pool with subnets cannot be deleted. Part of {@link Neutron}; callers hold the world's lock.
 */
final class NeutronSubnetPools {

    static final String KIND = "subnetpool";

    private final World world;
    private final Neutron neutron;

    NeutronSubnetPools(World world, Neutron neutron) {
        this.world = world;
        this.neutron = neutron;
    }

    Res createSubnetPool(SimRequest r) {
        JsonNode b = body(r, "subnetpool");
        String project = projectOf(r, b);
        if (!r.token().admin() && (b.path("shared").asBoolean(false) || b.path("is_default").asBoolean(false))) {
            throw policy("create_subnetpool:" + (b.path("shared").asBoolean(false) ? "shared" : "is_default"));
        }
        if (!b.path("name").isString()) {
            throw invalid("Failed to parse request. Required attribute 'name' not specified");
        }
        JsonNode requested = b.get("prefixes");
        if (requested == null || !requested.isArray() || requested.isEmpty()) {
            throw invalid("Failed to parse request. Required attribute 'prefixes' not specified");
        }
        ArrayNode prefixes = merged(requested);
        neutron.quota(project, KIND);
        int min = b.path("min_prefixlen").asInt(8);
        int max = b.path("max_prefixlen").asInt(32);
        int dflt = b.path("default_prefixlen").asInt(min);
        bounds(min, max, dflt, prefixes);
        ObjectNode body = base(world, project, b.path("name").asString(), b.path("description").asString(""));
        body.set("prefixes", prefixes);
        body.put("ip_version", 4);
        body.put("min_prefixlen", min).put("max_prefixlen", max).put("default_prefixlen", dflt);
        body.put("shared", b.path("shared").asBoolean(false)).put("is_default", b.path("is_default").asBoolean(false));
        body.putNull("address_scope_id").putNull("default_quota");
        return world.add(KIND, project, body);
    }

    Res updateSubnetPool(SimRequest r) {
        Res pool = neutron.owned(r, KIND, "update_subnetpool");
        JsonNode b = body(r, "subnetpool");
        if (b.has("prefixes")) {
            ArrayNode prefixes = merged(b.get("prefixes"));
            // a pool only grows: every old prefix must lie inside the new ones
            for (JsonNode old : pool.body.path("prefixes")) {
                if (!inside(Ports.range(old.asString()), prefixes)) {
                    throw ServiceError.neutron(400, "IllegalSubnetPoolPrefixUpdate",
                            "Illegal update to prefixes: Existing prefixes must be a subset of the new prefixes");
                }
            }
            pool.body.set("prefixes", prefixes);
        }
        int min = b.path("min_prefixlen").asInt(pool.body.path("min_prefixlen").asInt());
        int max = b.path("max_prefixlen").asInt(pool.body.path("max_prefixlen").asInt());
        int dflt = b.path("default_prefixlen").asInt(pool.body.path("default_prefixlen").asInt());
        bounds(min, max, dflt, (ArrayNode) pool.body.get("prefixes"));
        pool.body.put("min_prefixlen", min).put("max_prefixlen", max).put("default_prefixlen", dflt);
        copy(b, pool.body, "name", "description");
        neutron.touch(pool);
        return pool;
    }

    SimResponse deleteSubnetPool(SimRequest r) {
        Res pool = neutron.owned(r, KIND, "delete_subnetpool");
        if (allocated(pool).findAny().isPresent()) {
            throw ServiceError.neutron(409, "SubnetPoolInUse", "Unable to complete operation on subnet pool " + pool.id
                    + ". There are one or more subnets still in use on the subnet pool.");
        }
        world.remove(KIND, pool.id);
        return SimResponse.noContent();
    }

    /**
     * The CIDR for a subnet asked from a pool: the requested one when it lies in the pool and is free, else the
     * first free block of the requested (or the pool's default) prefix length.
     */
    String allocate(Res pool, String cidr, JsonNode prefixlen) {
        List<long[]> taken = allocated(pool).map(s -> Ports.range(s.body.path("cidr").asString())).toList();
        ArrayNode prefixes = (ArrayNode) pool.body.get("prefixes");
        if (cidr != null) {
            long[] wanted = Ports.range(cidr);
            if (!inside(wanted, prefixes) || taken.stream().anyMatch(t -> overlap(t, wanted))) {
                throw allocationError("Cannot allocate requested subnet from the available set of prefixes");
            }
            return cidr;
        }
        int bits = prefixlen == null || prefixlen.isNull() ? pool.body.path("default_prefixlen").asInt() : prefixlen.asInt(-1);
        if (bits < pool.body.path("min_prefixlen").asInt() || bits > pool.body.path("max_prefixlen").asInt()) {
            throw ServiceError.neutron(400, "IllegalSubnetPoolPrefixBounds", "Illegal prefix bounds: prefixlen=" + bits
                    + ", " + (bits < pool.body.path("min_prefixlen").asInt() ? "min_prefixlen=" + pool.body.path("min_prefixlen").asInt()
                    : "max_prefixlen=" + pool.body.path("max_prefixlen").asInt()) + ".");
        }
        long size = 1L << (32 - bits);
        for (JsonNode p : prefixes) {
            long[] range = Ports.range(p.asString());
            for (long start = range[0]; start + size - 1 <= range[1]; start += size) {
                long[] block = {start, start + size - 1};
                if (taken.stream().noneMatch(t -> overlap(t, block))) {
                    return Ports.toIp(start) + "/" + bits;
                }
            }
        }
        throw allocationError("Insufficient prefix space to allocate subnet size /" + bits);
    }

    private Stream<Res> allocated(Res pool) {
        return world.all(Kinds.SUBNET).filter(s -> pool.id.equals(Json.text(s.body, "subnetpool_id")));
    }

    private static ServiceError allocationError(String reason) {
        return ServiceError.neutron(409, "SubnetAllocationError", "Failed to allocate subnet: " + reason + ".");
    }

    private static void bounds(int min, int max, int dflt, ArrayNode prefixes) {
        if (min < 0 || max > 32 || min > max) {
            throw ServiceError.neutron(400, "IllegalSubnetPoolPrefixBounds", "Illegal prefix bounds: min_prefixlen=" + min
                    + ", max_prefixlen=" + max + ".");
        }
        if (dflt < min || dflt > max) {
            throw ServiceError.neutron(400, "IllegalSubnetPoolPrefixBounds", "Illegal prefix bounds: default_prefixlen=" + dflt
                    + ", " + (dflt < min ? "min_prefixlen=" + min : "max_prefixlen=" + max) + ".");
        }
        for (JsonNode p : prefixes) {
            int bits = Integer.parseInt(p.asString().substring(p.asString().indexOf('/') + 1));
            if (bits < min) {
                throw ServiceError.neutron(400, "IllegalSubnetPoolPrefixBounds", "Illegal prefix bounds: prefixlen=" + bits
                        + ", min_prefixlen=" + min + ".");
            }
        }
    }

    /** The prefixes as Neutron keeps them (netaddr.cidr_merge): network addresses, sorted, contained and sibling blocks merged. */
    static ArrayNode merged(JsonNode requested) {
        List<long[]> blocks = new ArrayList<>();
        for (JsonNode p : requested) {
            String text = p.asString("");
            cidrRange(text.contains("/") ? text : text + "/32");
            blocks.add(Ports.range(text.contains("/") ? text : text + "/32"));
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            blocks.sort(Comparator.<long[]>comparingLong(x -> x[0]).thenComparingLong(x -> -x[1]));
            for (int i = 0; i + 1 < blocks.size() && !changed; i++) {
                long[] a = blocks.get(i);
                long[] b = blocks.get(i + 1);
                long size = a[1] - a[0] + 1;
                if (b[0] >= a[0] && b[1] <= a[1]) {
                    blocks.remove(i + 1);
                    changed = true;
                } else if (b[0] == a[1] + 1 && b[1] - b[0] + 1 == size && a[0] % (2 * size) == 0) {
                    blocks.set(i, new long[] {a[0], b[1]});
                    blocks.remove(i + 1);
                    changed = true;
                }
            }
        }
        ArrayNode out = Json.array();
        for (long[] block : blocks) {
            int bits = 32 - Long.numberOfTrailingZeros(block[1] - block[0] + 1);
            out.add(Ports.toIp(block[0]) + "/" + bits);
        }
        return out;
    }

    private static boolean inside(long[] block, ArrayNode prefixes) {
        for (JsonNode p : prefixes) {
            long[] range = Ports.range(p.asString());
            if (block[0] >= range[0] && block[1] <= range[1]) {
                return true;
            }
        }
        return false;
    }

    private static boolean overlap(long[] a, long[] b) {
        return a[0] <= b[1] && b[0] <= a[1];
    }
}
