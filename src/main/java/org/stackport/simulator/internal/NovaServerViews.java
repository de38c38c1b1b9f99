package org.stackport.simulator.internal;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** How Nova shows servers: the lists with their filters and paging, one server at the request's microversion, its addresses. */
final class NovaServerViews {

    private static final List<String> UPDATE_FIELDS = List.of("id", "name", "status", "tenant_id", "user_id", "metadata", "hostId",
            "image", "flavor", "created", "updated", "addresses", "accessIPv4", "accessIPv6", "links", "OS-DCF:diskConfig",
            "progress", "fault", "locked", "description");

    private final World world;
    private final Nova nova;

    NovaServerViews(World world, Nova nova) {
        this.world = world;
        this.nova = nova;
    }

    SimResponse servers(SimRequest r, boolean detail) {
        boolean all = r.token().admin() && List.of("1", "true", "True").contains(String.valueOf(r.query("all_tenants")));
        Pattern name = null;
        if (r.query("name") != null) {
            try {
                name = Pattern.compile(r.query("name"));
            } catch (PatternSyntaxException e) {
                name = Pattern.compile(Pattern.quote(r.query("name")));
            }
        }
        Pattern byName = name;
        NovaChecks.limit(r);
        Instant since = NovaChecks.changesSince(r);
        String status = r.query("status");
        Pattern ip = ipFilter(r, "ip", true);
        // before 2.5 Nova drops a member's ip6 filter
        Pattern ip6 = ipFilter(r, "ip6", r.token().admin() || NovaMicroversion.of(r).atLeast(5));
        List<Res> matching = world.all(Kinds.SERVER)
                .filter(s -> all || s.projectId.equals(r.projectId()))
                .filter(s -> byName == null || byName.matcher(s.name()).find())
                .filter(s -> status == null || status.equalsIgnoreCase(nova.status(s)))
                .filter(s -> r.query("flavor") == null || r.query("flavor").equals(s.body.path("flavor_id").asString()))
                .filter(s -> r.query("image") == null || r.query("image").equals(s.body.path("image_id").asString()))
                .filter(s -> since == null || !nova.updatedAt(s).isBefore(since))
                .filter(s -> ip == null || hasAddress(s, ip, 4))
                .filter(s -> ip6 == null || hasAddress(s, ip6, 6))
                .sorted(Comparator.comparing((Res s) -> s.createdAt).reversed()
                        .thenComparing(s -> s.body.path("_seq").asLong(), Comparator.reverseOrder()))
                .toList();
        List<Res> page = Nova.page(matching, r, m -> Nova.badRequest("marker [" + m + "] not found"));
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("servers");
        for (Res s : page) {
            if (detail) {
                list.add(serverView(s, r));
            } else {
                list.addObject().put("id", s.id).put("name", s.name()).set("links", Nova.links(r, "servers", s.id));
            }
        }
        if (r.query("limit") != null && !page.isEmpty() && page.size() == Nova.intQuery(r, "limit", 1000)) {
            body.putArray("servers_links").addObject().put("rel", "next")
                    .put("href", Nova.base(r) + r.path() + "?limit=" + page.size() + "&marker=" + page.getLast().id);
        }
        return SimResponse.ok(body);
    }

    /** Nova's ip and ip6 filters: regular expressions searched in the fixed addresses of that family. */
    private static Pattern ipFilter(SimRequest r, String name, boolean honoured) {
        String value = r.query(name);
        if (value == null || !honoured) {
            return null;
        }
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            return Pattern.compile(Pattern.quote(value));
        }
    }

    private boolean hasAddress(Res s, Pattern p, int family) {
        for (var network : addresses(s).properties()) {
            for (JsonNode a : network.getValue()) {
                if (a.path("version").asInt() == family && p.matcher(a.path("addr").asString()).find()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A server as Nova shows it at the request's microversion; the OS-EXT-SRV-ATTR and host_status fields to admins only. */
    ObjectNode serverView(Res s, SimRequest r) {
        NovaMicroversion v = NovaMicroversion.of(r);
        boolean admin = r.token() != null && r.token().admin();
        String status = nova.status(s);
        Instant now = world.now();
        ObjectNode o = Json.object();
        o.put("id", s.id);
        o.put("name", s.name());
        o.put("status", status);
        o.put("tenant_id", s.projectId);
        o.put("user_id", s.body.path("user_id").asString());
        o.set("metadata", s.body.path("metadata").deepCopy());
        o.put("hostId", "BUILD".equals(status) ? "" : Integer.toHexString((s.projectId + s.body.path("availability_zone").asString()).hashCode()));
        String imageId = s.body.path("image_id").asString("");
        if (imageId.isEmpty()) {
            o.put("image", "");
        } else {
            o.putObject("image").put("id", imageId).set("links", Nova.links(r, "images", imageId));
        }
        o.putObject("flavor").put("id", s.body.path("flavor_id").asString()).set("links", Nova.links(r, "flavors", s.body.path("flavor_id").asString()));
        o.put("created", Nova.isoZ(s.createdAt));
        o.put("updated", Nova.isoZ(nova.updatedAt(s)));
        o.set("addresses", addresses(s));
        o.put("accessIPv4", s.body.path("accessIPv4").asString("")).put("accessIPv6", s.body.path("accessIPv6").asString(""));
        o.set("links", Nova.links(r, "servers", s.id));
        o.put("OS-DCF:diskConfig", s.body.path("_disk_config").asString("MANUAL"));
        // Nova shows progress only in the states that make any
        if (List.of("ACTIVE", "BUILD", "REBUILD", "RESIZE", "VERIFY_RESIZE", "MIGRATING").contains(status)) {
            o.put("progress", 0);
        }
        o.put("OS-EXT-AZ:availability_zone", s.body.path("availability_zone").asString());
        o.put("config_drive", "");
        o.put("key_name", Json.text(s.body, "key_name"));
        o.put("OS-SRV-USG:launched_at", !"BUILD".equals(status) && !"ERROR".equals(status)
                ? Nova.isoMicros(s.readyAt == null ? s.createdAt : s.readyAt) : null);
        o.putNull("OS-SRV-USG:terminated_at");
        // read from the server's ports, as Nova does: a server without ports shows no security_groups at all
        List<String> groupNames = NovaSecurityGroups.names(world, s);
        if (!groupNames.isEmpty()) {
            ArrayNode groups = o.putArray("security_groups");
            groupNames.forEach(g -> groups.addObject().put("name", g));
        }
        o.put("OS-EXT-STS:task_state", nova.taskState(s));
        String vmState = nova.vmState(s);
        o.put("OS-EXT-STS:vm_state", vmState);
        o.put("OS-EXT-STS:power_state", switch (vmState) {
            case "active" -> 1;
            case "stopped" -> 4;
            default -> 0;
        });
        ArrayNode volumes = o.putArray("os-extended-volumes:volumes_attached");
        s.body.path("_volumes").forEach(a -> {
            ObjectNode volume = volumes.addObject().put("id", a.path("volume_id").asString());
            if (v.atLeast(3)) {
                volume.put("delete_on_termination", a.path("delete_on_termination").asBoolean(false));
            }
        });
        if ("ERROR".equals(status)) {
            o.putObject("fault").put("message", s.body.path("_fault").asString("No valid host was found. "))
                    .put("code", 500).put("created", Nova.isoZ(s.readyAt == null ? now : s.readyAt));
        }
        if (admin) {
            extendedAttributes(o, s, status, v);
        }
        if (v.atLeast(9)) {
            o.put("locked", s.body.has("_locked_by"));
        }
        if (v.atLeast(19)) {
            o.put("description", Json.text(s.body, "description"));
        }
        return o;
    }

    /**
     * The server as Nova's update and rebuild answer it (before 2.75): the core fields, the address list without
     * the OS-EXT-IPS extension, and what later microversions add to every view (locked, description).
     */
    ObjectNode updateView(Res s, SimRequest r) {
        ObjectNode o = serverView(s, r);
        o.retain(UPDATE_FIELDS);
        ObjectNode addresses = Json.object();
        o.path("addresses").properties().forEach(e -> {
            ArrayNode list = addresses.putArray(e.getKey());
            e.getValue().forEach(a -> list.addObject().put("version", a.path("version").asInt()).put("addr", a.path("addr").asString()));
        });
        o.set("addresses", addresses);
        return o;
    }

    /** os-extended-server-attributes (admin policy): three at 2.1, seven more from 2.3; host_status from 2.16. */
    private static void extendedAttributes(ObjectNode o, Res s, String status, NovaMicroversion v) {
        // no host before the build is placed, nor after a failed one
        String host = "BUILD".equals(status) || "ERROR".equals(status) ? null : "compute-" + s.body.path("availability_zone").asString();
        o.put("OS-EXT-SRV-ATTR:host", host);
        o.put("OS-EXT-SRV-ATTR:hypervisor_hostname", host);
        o.put("OS-EXT-SRV-ATTR:instance_name", "instance-" + String.format("%08x", s.body.path("_seq").asLong()));
        if (v.atLeast(3)) {
            o.put("OS-EXT-SRV-ATTR:reservation_id", s.body.path("_reservation").asString(""));
            o.put("OS-EXT-SRV-ATTR:launch_index", s.body.path("_launch_index").asInt(0));
            o.put("OS-EXT-SRV-ATTR:hostname", hostname(s.name()));
            o.put("OS-EXT-SRV-ATTR:kernel_id", "");
            o.put("OS-EXT-SRV-ATTR:ramdisk_id", "");
            o.put("OS-EXT-SRV-ATTR:root_device_name", "/dev/vda");
            o.put("OS-EXT-SRV-ATTR:user_data", Json.text(s.body, "user_data"));
        }
        if (v.atLeast(16)) {
            o.put("host_status", host == null ? "" : "UP");
        }
    }

    /** Nova's sanitize_hostname: lower case, runs of other characters become hyphens, at most 63 characters. */
    static String hostname(String name) {
        String h = name.toLowerCase(java.util.Locale.ROOT).replaceAll("[ _]", "-").replaceAll("[^a-z0-9.-]", "")
                .replaceAll("^[.-]+|[.-]+$", "");
        h = h.length() > 63 ? h.substring(0, 63).replaceAll("[.-]+$", "") : h;
        return h.isEmpty() ? "server-" + name.hashCode() : h;
    }

    /**
     * The server's addresses by network name, once Nova has allocated its networking (half way through the build;
     * its ports exist from the start, as Neutron shows).
     */
    ObjectNode addresses(Res s) {
        ObjectNode addresses = Json.object();
        if (world.now().isBefore(s.createdAt.plus(world.settings.serverBuild().dividedBy(2)))) {
            return addresses;
        }
        for (JsonNode p : s.body.path("_ports")) {
            world.get(Kinds.PORT, p.asString()).filter(port -> s.id.equals(port.body.path("device_id").asString())).ifPresent(port -> {
                String network = world.get(Kinds.NETWORK, port.body.path("network_id").asString()).map(Res::name)
                        .orElse(port.body.path("network_id").asString());
                ArrayNode list = addresses.has(network) ? (ArrayNode) addresses.get(network) : addresses.putArray(network);
                for (JsonNode ip : port.body.path("fixed_ips")) {
                    String addr = ip.path("ip_address").asString();
                    list.addObject().put("version", addr.contains(":") ? 6 : 4).put("addr", addr)
                            .put("OS-EXT-IPS:type", "fixed").put("OS-EXT-IPS-MAC:mac_addr", port.body.path("mac_address").asString());
                }
            });
        }
        // floating IPs associated with the server's ports (Neutron's floatingips with a port_id)
        world.all(Kinds.FLOATING_IP).forEach(fip -> {
            String portId = fip.body.path("port_id").asString("");
            if (portId.isEmpty()) {
                return;
            }
            world.get(Kinds.PORT, portId).filter(port -> s.id.equals(port.body.path("device_id").asString())).ifPresent(port -> {
                String network = world.get(Kinds.NETWORK, port.body.path("network_id").asString()).map(Res::name).orElse("");
                if (addresses.has(network)) {
                    ((ArrayNode) addresses.get(network)).addObject().put("version", 4)
                            .put("addr", fip.body.path("floating_ip_address").asString())
                            .put("OS-EXT-IPS:type", "floating").put("OS-EXT-IPS-MAC:mac_addr", port.body.path("mac_address").asString());
                }
            });
        });
        return addresses;
    }
}
