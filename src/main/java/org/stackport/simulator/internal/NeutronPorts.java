package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.Neutron.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Neutron ports: fixed IPs requested or allocated, security groups, and the service-owned ports that the port API cannot delete. Part of {@link Neutron}; callers hold the world's lock. */
final class NeutronPorts {

    /** Six octets separated all by colons or all by hyphens (netaddr's common forms). */
    private static final Pattern MAC = Pattern.compile("[0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\\1[0-9a-fA-F]{2}){4}");

    private static final List<String> VNIC_TYPES = List.of("normal", "direct", "macvtap", "baremetal", "direct-physical",
            "virtio-forwarder", "smart-nic", "vdpa", "remote-managed");

    private final World world;
    private final Neutron neutron;

    NeutronPorts(World world, Neutron neutron) {
        this.world = world;
        this.neutron = neutron;
    }

    Res createPort(SimRequest r) {
        JsonNode b = body(r, "port");
        String networkId = Json.text(b, "network_id");
        if (networkId == null) {
            throw invalid("Invalid input for operation: 'network_id' is required.");
        }
        Res net = neutron.get(r, Kinds.NETWORK, networkId);
        String project = projectOf(r, b);
        if (!r.token().admin() && !Objects.equals(net.projectId, project) && !net.body.path("shared").asBoolean(false)) {
            throw policy("create_port");
        }
        String owner = b.path("device_owner").asString("");
        List<String> groups = new ArrayList<>();
        if (b.has("security_groups") && b.get("security_groups").isArray()) {
            for (JsonNode g : b.get("security_groups")) {
                groups.add(neutron.get(r, Kinds.SECURITY_GROUP, g.asString("")).id);
            }
        } else if (b.path("port_security_enabled").asBoolean(true) && !owner.startsWith("network:")) {
            groups.add(defaultSecurityGroup(world, project).id);
        }
        String mac = b.has("mac_address") ? validMac(b.get("mac_address")) : null;
        ArrayNode dhcpOptions = mergeDhcpOptions(Json.array(), b.get("extra_dhcp_opts"));
        List<String[]> wanted = requestedIps(net, b.get("fixed_ips"));
        neutron.quota(project, Kinds.PORT);
        if (mac != null && world.all(Kinds.PORT).anyMatch(p -> net.id.equals(p.body.path("network_id").asString(""))
                && mac.equals(p.body.path("mac_address").asString("")))) {
            throw ServiceError.neutron(409, "MacAddressInUse", "Unable to complete operation for network " + net.id
                    + ". The mac address " + mac + " is in use.");
        }
        Res port = Ports.create(world, project, net.id, wanted == null || wanted.isEmpty() ? null : wanted.getFirst()[0],
                b.path("name").asString(""), Json.text(b, "device_id"), owner);
        if (wanted != null) {
            assignIps(port, wanted);
        }
        ObjectNode body = port.body;
        if (mac != null) {
            body.put("mac_address", mac);
        }
        body.put("description", b.path("description").asString(""));
        body.put("admin_state_up", b.path("admin_state_up").asBoolean(true));
        body.put("port_security_enabled", b.path("port_security_enabled").asBoolean(true));
        ArrayNode sg = body.putArray("security_groups");
        groups.forEach(sg::add);
        if (b.path("allowed_address_pairs").isArray()) {
            body.set("allowed_address_pairs", b.get("allowed_address_pairs").deepCopy());
        }
        bindingRequest(r, b, "create_port");
        body.put("binding:vnic_type", b.path("binding:vnic_type").asString("normal"));
        body.put("binding:host_id", b.path("binding:host_id").asString(""));
        body.set("binding:profile", b.path("binding:profile").isObject() ? b.get("binding:profile").deepCopy() : Json.object());
        body.set("extra_dhcp_opts", dhcpOptions);
        stamp(world, body);
        return port;
    }

    /** The binding extension's attributes a caller may set: the host and profile are the admin's (Nova's) to set. */
    private static void bindingRequest(SimRequest r, JsonNode b, String action) {
        for (String attribute : new String[] {"binding:host_id", "binding:profile"}) {
            if (b.has(attribute) && !r.token().admin()) {
                throw ServiceError.neutron(403, "PolicyNotAuthorized", "(rule:" + action + " and rule:" + action + ":" + attribute
                        + ") is disallowed by policy");
            }
        }
        String vnic = b.path("binding:vnic_type").asString("normal");
        if (!VNIC_TYPES.contains(vnic)) {
            throw invalid("Invalid input for binding:vnic_type. Reason: '" + vnic + "' is not in " + VNIC_TYPES.stream()
                    .map(t -> "'" + t + "'").toList() + ".");
        }
    }

    /**
     * The binding extension in a port's view: the vnic type for everyone; host, profile, VIF type and details for
     * admins only (Neutron's policy). A port with a host is bound by the Open vSwitch mechanism driver.
     */
    static void binding(ObjectNode view, boolean admin) {
        if (!view.has("binding:vnic_type")) {
            view.put("binding:vnic_type", "normal");
        }
        if (!admin) {
            view.remove(List.of("binding:host_id", "binding:profile", "binding:vif_type", "binding:vif_details"));
            return;
        }
        String host = view.path("binding:host_id").asString("");
        view.put("binding:host_id", host);
        if (!view.path("binding:profile").isObject()) {
            view.putObject("binding:profile");
        }
        view.put("binding:vif_type", host.isEmpty() ? "unbound" : "ovs");
        ObjectNode details = view.putObject("binding:vif_details");
        if (!host.isEmpty()) {
            details.put("connectivity", "l2").put("port_filter", true).put("ovs_hybrid_plug", false)
                    .put("datapath_type", "system").put("bridge_name", "br-int");
        }
    }

    /** A MAC address as Neutron stores it (lower case, colons), or its 400 for a malformed or reserved one. */
    static String validMac(JsonNode requested) {
        String text = requested == null || requested.isNull() ? "None" : requested.asString("");
        String mac = text.toLowerCase(Locale.ROOT).replace('-', ':');
        if (!MAC.matcher(text).matches() || mac.equals("00:00:00:00:00:00") || mac.equals("ff:ff:ff:ff:ff:ff")) {
            throw invalid("Invalid input for mac_address. Reason: '" + text + "' is not a valid MAC address.");
        }
        return mac;
    }

    /**
     * Applies requested DHCP options to a port's as Neutron does: an option (by name and IP version) is added or
     * replaced, and removed when its value is null.
     */
    static ArrayNode mergeDhcpOptions(ArrayNode current, JsonNode requested) {
        if (requested == null || requested.isNull()) {
            return current;
        }
        if (!requested.isArray()) {
            throw invalid("Invalid input for extra_dhcp_opts. Reason: '" + requested + "' is not a list.");
        }
        ArrayNode out = current.deepCopy();
        for (JsonNode o : requested) {
            String name = Json.text(o, "opt_name");
            if (!o.isObject() || name == null || name.isBlank() || !o.has("opt_value")) {
                throw invalid("Invalid input for extra_dhcp_opts. Reason: Validation of dictionary's keys failed. "
                        + "Expected keys: {'opt_name', 'opt_value'} Provided keys: " + keys(o) + ".");
            }
            int version = o.path("ip_version").asInt(4);
            if (o.has("ip_version") && version != 4 && version != 6) {
                throw invalid("Invalid input for ip_version. Reason: " + o.get("ip_version") + " is not in [4, 6].");
            }
            for (int i = out.size() - 1; i >= 0; i--) {
                if (name.equals(out.get(i).path("opt_name").asString("")) && out.get(i).path("ip_version").asInt() == version) {
                    out.remove(i);
                }
            }
            String value = Json.text(o, "opt_value");
            if (value != null) {
                out.addObject().put("opt_name", name).put("opt_value", value).put("ip_version", version);
            }
        }
        return out;
    }

    private static String keys(JsonNode o) {
        List<String> keys = new ArrayList<>();
        if (o.isObject()) {
            o.propertyNames().forEach(k -> keys.add("'" + k + "'"));
        }
        return "{" + String.join(", ", keys) + "}";
    }

    /** [subnet id, ip or null] per requested fixed IP, validated; null when the request names none. */
    List<String[]> requestedIps(Res net, JsonNode fixed) {
        if (fixed == null || !fixed.isArray()) {
            return null;
        }
        List<String[]> out = new ArrayList<>();
        for (JsonNode f : fixed) {
            String subnetId = Json.text(f, "subnet_id");
            String address = Json.text(f, "ip_address");
            if (subnetId == null && address == null) {
                continue;
            }
            Res subnet;
            if (subnetId != null) {
                subnet = world.get(Kinds.SUBNET, subnetId).filter(s -> net.id.equals(s.body.path("network_id").asString("")))
                        .orElseThrow(() -> invalid("Invalid input for operation: Failed to create port on network " + net.id
                                + ", because fixed_ips included invalid subnet " + subnetId + "."));
            } else {
                long a = ip(address, "fixed_ips");
                subnet = neutron.subnetsOf(net.id).filter(s -> inCidr(a, s)).findFirst().orElseThrow(() -> invalid(
                        "Invalid input for operation: IP address " + address + " is not a valid IP for any of the subnets on the specified network."));
            }
            if (address != null) {
                long a = ip(address, "fixed_ips");
                if (!inCidr(a, subnet)) {
                    throw invalid("Invalid input for operation: IP address " + address + " is not a valid IP for the specified subnet.");
                }
                if (ipInUse(subnet.id, address)) {
                    throw ServiceError.neutron(409, "IpAddressAlreadyAllocated", "IP address " + address
                            + " already allocated in subnet " + subnet.id);
                }
            }
            out.add(new String[] {subnet.id, address});
        }
        return out;
    }

    /** Replaces the port's automatic address with the requested ones (explicit or allocated per subnet). */
    void assignIps(Res port, List<String[]> wanted) {
        ArrayNode fixed = port.body.putArray("fixed_ips");
        for (String[] w : wanted) {
            Res subnet = world.get(Kinds.SUBNET, w[0]).orElseThrow();
            String address = w[1] != null ? w[1] : Ports.allocate(world, subnet);
            fixed.addObject().put("subnet_id", subnet.id).put("ip_address", address);
        }
    }

    boolean ipInUse(String subnetId, String address) {
        return world.all(Kinds.PORT).anyMatch(p -> {
            for (JsonNode ip : p.body.path("fixed_ips")) {
                if (subnetId.equals(ip.path("subnet_id").asString("")) && address.equals(ip.path("ip_address").asString(""))) {
                    return true;
                }
            }
            return false;
        });
    }

    static boolean inCidr(long address, Res subnet) {
        long[] range = Ports.range(subnet.body.path("cidr").asString());
        return address > range[0] && address < range[1];
    }

    Res updatePort(SimRequest r) {
        Res port = neutron.owned(r, Kinds.PORT, "update_port");
        JsonNode b = body(r, "port");
        bindingRequest(r, b, "update_port");
        if (b.has("binding:profile")) {
            port.body.set("binding:profile", b.get("binding:profile").isObject() ? b.get("binding:profile").deepCopy() : Json.object());
        }
        if (b.has("security_groups")) {
            ArrayNode groups = Json.array();
            for (JsonNode g : b.path("security_groups")) {
                groups.add(neutron.get(r, Kinds.SECURITY_GROUP, g.asString("")).id);
            }
            port.body.set("security_groups", groups);
        }
        ArrayNode dhcpOptions = mergeDhcpOptions(port.body.get("extra_dhcp_opts") instanceof ArrayNode had ? had : Json.array(),
                b.get("extra_dhcp_opts"));
        if (b.has("fixed_ips")) {
            Res net = world.get(Kinds.NETWORK, port.body.path("network_id").asString("")).orElseThrow();
            // the port's own addresses may be asked for again: free them before validating
            JsonNode had = port.body.get("fixed_ips");
            port.body.putArray("fixed_ips");
            try {
                List<String[]> wanted = requestedIps(net, b.get("fixed_ips"));
                assignIps(port, wanted == null ? List.of() : wanted);
            } catch (ServiceError e) {
                port.body.set("fixed_ips", had);
                throw e;
            }
        }
        port.body.set("extra_dhcp_opts", dhcpOptions);
        copy(b, port.body, "name", "description", "admin_state_up", "device_id", "device_owner", "port_security_enabled",
                "allowed_address_pairs", "binding:host_id", "binding:vnic_type");
        port.body.put("status", port.body.path("device_id").asString("").isEmpty() ? "DOWN" : "ACTIVE");
        neutron.touch(port);
        return port;
    }

    SimResponse deletePort(SimRequest r) {
        Res port = neutron.owned(r, Kinds.PORT, "delete_port");
        String owner = port.body.path("device_owner").asString("");
        if (OWNER_ROUTER_INTERFACE.equals(owner) || OWNER_ROUTER_GATEWAY.equals(owner) || OWNER_FLOATING_IP.equals(owner)) {
            throw ServiceError.neutron(409, "ServicePortInUse", "Port " + port.id
                    + " cannot be deleted directly via the port API: has device owner " + owner + ".");
        }
        world.all(Kinds.FLOATING_IP).filter(f -> port.id.equals(Json.text(f.body, "port_id"))).forEach(NeutronFloatingIps::disassociate);
        world.remove(Kinds.PORT, port.id);
        return SimResponse.noContent();
    }
}
