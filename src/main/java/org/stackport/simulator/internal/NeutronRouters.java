package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.Neutron.*;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Neutron routers: external gateway and interfaces, delete refused while interfaces remain. Part of {@link Neutron}; callers hold the world's lock. */
final class NeutronRouters {

    private final World world;
    private final Neutron neutron;

    NeutronRouters(World world, Neutron neutron) {
        this.world = world;
        this.neutron = neutron;
    }

    /** A router of the seed world, with its gateway on an external network. */
    Res seedRouter(String project, String name, Res externalNetwork, Res externalSubnet) {
        Res router = world.add(Kinds.ROUTER, project, routerBody(project, name, Json.object()));
        Res port = Ports.create(world, null, externalNetwork.id, externalSubnet.id, "", router.id, OWNER_ROUTER_GATEWAY);
        stamp(world, port.body);
        ObjectNode info = Json.object();
        info.put("network_id", externalNetwork.id);
        info.put("enable_snat", true);
        info.set("external_fixed_ips", port.body.get("fixed_ips").deepCopy());
        router.body.set("external_gateway_info", info);
        return router;
    }

    private ObjectNode routerBody(String project, String name, JsonNode b) {
        ObjectNode body = base(world, project, name, b.path("description").asString(""));
        body.put("admin_state_up", b.path("admin_state_up").asBoolean(true));
        body.put("status", "ACTIVE");
        body.putNull("external_gateway_info");
        body.set("routes", b.path("routes").isArray() ? b.get("routes").deepCopy() : Json.array());
        body.put("distributed", false).put("ha", false).putNull("flavor_id");
        body.putArray("availability_zone_hints");
        body.putArray("availability_zones").add("nova");
        return body;
    }

    Res createRouter(SimRequest r) {
        JsonNode b = body(r, "router");
        String project = projectOf(r, b);
        neutron.quota(project, Kinds.ROUTER);
        ObjectNode body = routerBody(project, b.path("name").asString(""), b);
        Res router = world.add(Kinds.ROUTER, project, body);
        JsonNode gw = b.get("external_gateway_info");
        if (gw != null && gw.isObject() && Json.text(gw, "network_id") != null) {
            try {
                setGateway(router, gw, r);
            } catch (ServiceError e) {
                world.remove(Kinds.ROUTER, router.id);
                throw e;
            }
        }
        return router;
    }

    Res updateRouter(SimRequest r) {
        Res router = neutron.owned(r, Kinds.ROUTER, "update_router");
        JsonNode b = body(r, "router");
        if (b.has("external_gateway_info")) {
            JsonNode gw = b.get("external_gateway_info");
            if (gw == null || gw.isNull() || Json.text(gw, "network_id") == null) {
                clearGateway(router);
            } else {
                setGateway(router, gw, r);
            }
        }
        copy(b, router.body, "name", "description", "admin_state_up", "routes");
        neutron.touch(router);
        return router;
    }

    void setGateway(Res router, JsonNode gw, SimRequest r) {
        Res net = neutron.get(r, Kinds.NETWORK, Json.text(gw, "network_id"));
        if (!net.body.path("router:external").asBoolean(false)) {
            throw ServiceError.neutron(400, "BadRequest", "Bad router request: Network " + net.id + " is not an external network.");
        }
        JsonNode current = router.body.get("external_gateway_info");
        if (current != null && current.isObject() && net.id.equals(current.path("network_id").asString(""))) {
            ((ObjectNode) current).put("enable_snat", gw.path("enable_snat").asBoolean(current.path("enable_snat").asBoolean(true)));
            return;
        }
        clearGateway(router);
        JsonNode wantedIp = gw.path("external_fixed_ips").path(0);
        // the requested address is checked before the port takes one, which could otherwise be that very address
        List<String[]> wanted = Json.text(wantedIp, "ip_address") == null ? null : neutron.ports.requestedIps(net, gw.get("external_fixed_ips"));
        Res port = Ports.create(world, null, net.id, Json.text(wantedIp, "subnet_id"), "", router.id, OWNER_ROUTER_GATEWAY);
        if (wanted != null) {
            neutron.ports.assignIps(port, wanted);
        }
        stamp(world, port.body);
        ObjectNode info = Json.object();
        info.put("network_id", net.id);
        info.put("enable_snat", gw.path("enable_snat").asBoolean(true));
        info.set("external_fixed_ips", port.body.get("fixed_ips").deepCopy());
        router.body.set("external_gateway_info", info);
    }

    void clearGateway(Res router) {
        JsonNode current = router.body.get("external_gateway_info");
        if (current == null || !current.isObject()) {
            return;
        }
        String netId = current.path("network_id").asString("");
        boolean needed = world.all(Kinds.FLOATING_IP).peek(neutron.floatingIps::refreshFloatingIp)
                .anyMatch(f -> router.id.equals(Json.text(f.body, "router_id")));
        if (needed) {
            throw ServiceError.neutron(409, "RouterExternalGatewayInUseByFloatingIp", "Gateway cannot be updated for router "
                    + router.id + ", since a gateway to external network " + netId + " is required by one or more floating IPs.");
        }
        routerPorts(router.id, OWNER_ROUTER_GATEWAY).forEach(p -> world.remove(Kinds.PORT, p.id));
        router.body.putNull("external_gateway_info");
    }

    List<Res> routerPorts(String routerId, String owner) {
        return world.all(Kinds.PORT).filter(p -> routerId.equals(p.body.path("device_id").asString(""))
                && owner.equals(p.body.path("device_owner").asString(""))).sorted(ORDER).toList();
    }

    SimResponse deleteRouter(SimRequest r) {
        Res router = neutron.owned(r, Kinds.ROUTER, "delete_router");
        if (!routerPorts(router.id, OWNER_ROUTER_INTERFACE).isEmpty()) {
            throw ServiceError.neutron(409, "RouterInUse", "Router " + router.id + " still has ports");
        }
        clearGateway(router);
        world.remove(Kinds.ROUTER, router.id);
        return SimResponse.noContent();
    }

    SimResponse addRouterInterface(SimRequest r) {
        Res router = neutron.owned(r, Kinds.ROUTER, "add_router_interface");
        JsonNode b = r.body() == null ? Json.object() : r.body();
        String subnetId = Json.text(b, "subnet_id");
        String portId = Json.text(b, "port_id");
        if (subnetId != null && portId != null) {
            throw badRouter("Cannot specify both subnet-id and port-id");
        }
        if (subnetId == null && portId == null) {
            throw badRouter("Either subnet_id or port_id must be specified");
        }
        List<Res> interfaces = routerPorts(router.id, OWNER_ROUTER_INTERFACE);
        Res port;
        Res subnet;
        if (subnetId != null) {
            subnet = neutron.get(r, Kinds.SUBNET, subnetId);
            String gateway = Json.text(subnet.body, "gateway_ip");
            if (gateway == null) {
                throw badRouter("Subnet for router interface must have a gateway IP");
            }
            if (interfaces.stream().anyMatch(p -> hasIpOn(p, subnet.id))) {
                throw badRouter("Router already has a port on subnet " + subnet.id);
            }
            checkNoOverlap(router, interfaces, subnet);
            if (neutron.ports.ipInUse(subnet.id, gateway)) {
                throw ServiceError.neutron(409, "IpAddressAlreadyAllocated", "IP address " + gateway
                        + " already allocated in subnet " + subnet.id);
            }
            neutron.quota(router.projectId, Kinds.PORT);
            port = Ports.create(world, router.projectId, subnet.body.path("network_id").asString(), subnet.id, "",
                    router.id, OWNER_ROUTER_INTERFACE);
            port.body.putArray("fixed_ips").addObject().put("subnet_id", subnet.id).put("ip_address", gateway);
            stamp(world, port.body);
        } else {
            port = neutron.get(r, Kinds.PORT, portId);
            if (!port.body.path("device_id").asString("").isEmpty()) {
                throw ServiceError.neutron(409, "PortInUse", "Unable to complete operation on port " + port.id + " for network "
                        + port.body.path("network_id").asString("") + ". Port already has an attached device "
                        + port.body.path("device_id").asString("") + ".");
            }
            JsonNode first = port.body.path("fixed_ips").path(0);
            if (first.isMissingNode()) {
                throw badRouter("Router port must have at least one fixed IP");
            }
            subnet = world.get(Kinds.SUBNET, first.path("subnet_id").asString("")).orElseThrow();
            checkNoOverlap(router, interfaces, subnet);
            port.body.put("device_id", router.id).put("device_owner", OWNER_ROUTER_INTERFACE).put("status", "ACTIVE");
            port.body.putArray("security_groups");
            neutron.touch(port);
        }
        neutron.touch(router);
        return SimResponse.ok(interfaceInfo(router, port, subnet));
    }

    void checkNoOverlap(Res router, List<Res> interfaces, Res subnet) {
        long[] mine = Ports.range(subnet.body.path("cidr").asString());
        for (Res p : interfaces) {
            for (JsonNode ip : p.body.path("fixed_ips")) {
                world.get(Kinds.SUBNET, ip.path("subnet_id").asString("")).ifPresent(other -> {
                    long[] o = Ports.range(other.body.path("cidr").asString());
                    if (mine[0] <= o[1] && o[0] <= mine[1]) {
                        throw badRouter("Cidr " + subnet.body.path("cidr").asString() + " of subnet " + subnet.id
                                + " overlaps with cidr " + other.body.path("cidr").asString() + " of subnet " + other.id);
                    }
                });
            }
        }
    }

    SimResponse removeRouterInterface(SimRequest r) {
        Res router = neutron.owned(r, Kinds.ROUTER, "remove_router_interface");
        JsonNode b = r.body() == null ? Json.object() : r.body();
        String subnetId = Json.text(b, "subnet_id");
        String portId = Json.text(b, "port_id");
        if (subnetId == null && portId == null) {
            throw badRouter("Either subnet_id or port_id must be specified");
        }
        List<Res> interfaces = routerPorts(router.id, OWNER_ROUTER_INTERFACE);
        Res port;
        if (portId != null) {
            port = interfaces.stream().filter(p -> p.id.equals(portId)).findFirst().orElseThrow(() -> ServiceError.neutron(404,
                    "RouterInterfaceNotFound", "Router " + router.id + " does not have an interface with id " + portId));
        } else {
            neutron.get(r, Kinds.SUBNET, subnetId);
            port = interfaces.stream().filter(p -> hasIpOn(p, subnetId)).findFirst().orElseThrow(() -> ServiceError.neutron(404,
                    "RouterInterfaceNotFoundForSubnet", "Router " + router.id + " has no interface on subnet " + subnetId));
        }
        String subnetOfPort = subnetId != null ? subnetId : port.body.path("fixed_ips").path(0).path("subnet_id").asString("");
        boolean needed = world.all(Kinds.FLOATING_IP).peek(neutron.floatingIps::refreshFloatingIp)
                .filter(f -> router.id.equals(Json.text(f.body, "router_id")))
                .anyMatch(f -> world.get(Kinds.PORT, Json.text(f.body, "port_id")).map(p -> hasIpOn(p, subnetOfPort)).orElse(false));
        if (needed) {
            throw ServiceError.neutron(409, "RouterInterfaceInUseByFloatingIP", "Router interface for subnet " + subnetOfPort
                    + " on router " + router.id + " cannot be deleted, as it is required by one or more floating IPs.");
        }
        Res subnet = world.get(Kinds.SUBNET, subnetOfPort).orElse(null);
        ObjectNode info = interfaceInfo(router, port, subnet);
        world.remove(Kinds.PORT, port.id);
        neutron.touch(router);
        return SimResponse.ok(info);
    }

    static ObjectNode interfaceInfo(Res router, Res port, Res subnet) {
        ObjectNode o = Json.object();
        o.put("id", router.id);
        o.put("tenant_id", router.projectId).put("project_id", router.projectId);
        o.put("port_id", port.id);
        o.put("network_id", port.body.path("network_id").asString(""));
        o.put("subnet_id", subnet == null ? null : subnet.id);
        ArrayNode ids = o.putArray("subnet_ids");
        if (subnet != null) {
            ids.add(subnet.id);
        }
        o.putArray("tags");
        return o;
    }
}
