package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.Nova.*;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nova's server create: the request's checks with Nova's wording (flavor, image, key pair, zone, security groups,
 * user data, metadata, networks, block devices, quotas), then one server or, with min_count/max_count, as many as
 * the quota lets through under one reservation id, each with its ports and volumes.
 */
final class NovaServerCreate {

    private static final long GIB = 1024L * 1024 * 1024;

    private final World world;
    private final Nova nova;

    NovaServerCreate(World world, Nova nova) {
        this.world = world;
        this.nova = nova;
    }

    /** A requested network: a network to make a port on, or a port made beforehand. */
    private record NetworkRequest(Res network, Res port) {
    }

    /** A requested block device: a new volume (from an image or blank) or an existing one. */
    private record Device(int bootIndex, Res image, Res volume, int size, boolean deleteOnTermination) {
    }

    /** {@code POST /servers}: checks the request as Nova's API does, then makes min_count to max_count servers. */
    SimResponse create(SimRequest r) {
        JsonNode s = root(r, "server");
        String projectId = r.projectId();
        String name = NovaChecks.name(s, true);
        String accessIPv4 = NovaChecks.accessIp(s, "accessIPv4", 4);
        String accessIPv6 = NovaChecks.accessIp(s, "accessIPv6", 6);
        String diskConfig = NovaChecks.diskConfig(s);
        String description = NovaChecks.description(s, NovaMicroversion.of(r));
        Integer minCount = NovaChecks.positiveInteger(s, "min_count");
        Integer maxCount = NovaChecks.positiveInteger(s, "max_count");
        int min = minCount == null ? 1 : minCount;
        if (min > (maxCount == null ? min : maxCount)) {
            throw badRequest("min_count must be <= max_count");
        }
        String flavorRef = Json.text(s, "flavorRef");
        if (flavorRef == null) {
            throw badRequest("Invalid input for field/attribute server. Value: " + s + ". 'flavorRef' is a required property");
        }
        String flavorId = flavorRef.substring(flavorRef.lastIndexOf('/') + 1);
        Res flavor = world.get(Kinds.FLAVOR, flavorId).orElseThrow(() -> badRequest("Flavor " + flavorId + " could not be found."));

        List<Device> devices = devices(s, projectId);
        boolean bootsFromVolume = devices.stream().anyMatch(d -> d.bootIndex() == 0);
        String imageRef = Json.text(s, "imageRef");
        Res image = null;
        if (imageRef != null && !imageRef.isEmpty()) {
            String imageId = imageRef.substring(imageRef.lastIndexOf('/') + 1);
            image = Glance.visible(world, projectId, imageId).orElseThrow(() -> badRequest("Image " + imageId + " could not be found."));
            if (!"active".equals(image.body.path("status").asString())) {
                throw badRequest("Image " + imageId + " is not active.");
            }
        } else if (!bootsFromVolume) {
            throw badRequest("Block Device Mapping is Invalid: Boot sequence for the instance and image/block device mapping combination is not valid.");
        }
        if (image != null && !bootsFromVolume) {
            long flavorDisk = flavor.body.path("disk").asLong() * GIB;
            long minDisk = image.body.path("min_disk").asLong() * GIB;
            if (flavorDisk > 0 && flavorDisk < minDisk) {
                throw badRequest("Flavor's disk is smaller than the minimum size specified in image metadata. Flavor disk is "
                        + flavorDisk + " bytes, minimum size is " + minDisk + " bytes.");
            }
        }

        String keyName = Json.text(s, "key_name");
        if (keyName != null && nova.keypairs.find(r, keyName).isEmpty()) {
            throw badRequest("Keypair " + keyName + " not found for user " + r.token().userId());
        }
        String zone = Json.text(s, "availability_zone");
        if (zone != null && zone.contains(":")) {
            zone = zone.substring(0, zone.indexOf(':'));
        }
        if (zone != null && !ZONES.contains(zone)) {
            throw badRequest("The requested availability zone is not available");
        }
        String az = zone == null || zone.isEmpty() ? "nova" : zone;

        List<String> securityGroups = new ArrayList<>();
        List<String> securityGroupIds = new ArrayList<>();
        for (JsonNode g : s.path("security_groups")) {
            String group = Json.text(g, "name");
            Res found = world.visible(Kinds.SECURITY_GROUP, projectId)
                    .filter(x -> x.id.equals(group) || x.name().equals(group)).findFirst()
                    // Neutron makes a project's "default" group the first time it is needed
                    .orElseGet(() -> "default".equals(group) ? Neutron.defaultSecurityGroup(world, projectId) : null);
            if (found == null) {
                throw badRequest("Security group " + group + " not found for project " + projectId + ".");
            }
            securityGroups.add(found.name());
            securityGroupIds.add(found.id);
        }
        if (securityGroups.isEmpty()) {
            Res fallback = Neutron.defaultSecurityGroup(world, projectId);
            securityGroups.add(fallback.name());
            securityGroupIds.add(fallback.id);
        }

        String userData = Json.text(s, "user_data");
        if (userData != null) {
            if (userData.length() > 65535) {
                throw badRequest("User data too large. User data must be no larger than 65535 bytes once base64 encoded. Your data is "
                        + userData.length() + " bytes");
            }
            try {
                // stricter than Nova's Python decoder, which lets some plain text through: a client that forgot
                // to encode should hear about it here rather than on a real cloud
                Base64.getDecoder().decode(userData.replaceAll("\\s", ""));
            } catch (IllegalArgumentException e) {
                throw badRequest("Invalid input for field/attribute user_data. Value: " + userData + ". '" + userData
                        + "' is not a 'base64'");
            }
        }
        JsonNode metadata = s.path("metadata");
        nova.checkMetadata(projectId, metadata);

        List<NetworkRequest> networks = networks(s, projectId);

        Res group = null;
        JsonNode hints = r.body().path("os:scheduler_hints");
        String groupId = Json.text(hints, "group");
        if (groupId != null) {
            group = world.get(Kinds.SERVER_GROUP, groupId).filter(g -> g.projectId.equals(projectId))
                    .orElseThrow(() -> badRequest("Instance group " + groupId + " could not be found."));
        }

        int max = maxCount == null ? min : maxCount;
        if (max > 1 && networks.stream().anyMatch(n -> n.port() != null)) {
            throw badRequest("Unable to launch multiple instances with a single configured port ID. Please launch your "
                    + "instance one by one with different ports.");
        }
        if (max > 1 && devices.stream().anyMatch(d -> d.volume() != null)) {
            throw badRequest("Cannot attach one or more volumes to multiple instances");
        }
        // as many as the quota lets through, from max_count down to min_count
        int count = max;
        while (count > min && !instanceQuotaExceeded(projectId, flavor, count).isEmpty()) {
            count--;
        }
        checkInstanceQuota(projectId, flavor, count);
        long newPorts = networks.stream().filter(n -> n.port() == null).count() * count;
        if (newPorts > 0 && world.exceeds(projectId, "port", (int) newPorts)) {
            throw ServiceError.nova(403, "forbidden", "Maximum number of ports exceeded");
        }
        if (group != null && world.quota(projectId, "server_group_members") >= 0
                && group.body.path("members").size() + count > world.quota(projectId, "server_group_members")) {
            throw ServiceError.nova(403, "forbidden", "Quota exceeded, too many servers in group");
        }

        ObjectNode b = Json.object();
        b.put("name", name);
        b.put("description", description);
        b.put("flavor_id", flavor.id);
        b.put("_vcpus", flavor.body.path("vcpus").asInt());
        b.put("_ram", flavor.body.path("ram").asInt());
        b.put("image_id", image != null && !bootsFromVolume ? image.id : "");
        b.put("key_name", keyName);
        // a volume-backed server's image, which only a rebuild compares against
        devices.stream().filter(d -> d.bootIndex() == 0).findFirst().ifPresent(d -> b.put("_root_image", d.image() != null
                ? d.image().id : d.volume() == null ? "" : d.volume().body.path("volume_image_metadata").path("image_id").asString("")));
        b.put("accessIPv4", accessIPv4 == null ? "" : accessIPv4).put("accessIPv6", accessIPv6 == null ? "" : accessIPv6);
        b.put("availability_zone", az);
        b.put("_disk_config", diskConfig == null ? "MANUAL" : diskConfig);
        b.put("user_id", r.token().userId());
        b.set("metadata", metadata.isObject() ? metadata.deepCopy() : Json.object());
        ArrayNode groups = b.putArray("security_groups");
        securityGroups.stream().distinct().forEach(groups::add);
        b.put("user_data", userData);
        b.put("_reservation", "r-" + World.uuid().substring(0, 8));

        List<Res> made = new ArrayList<>();
        for (int index = 0; index < count; index++) {
            ObjectNode one = b.deepCopy();
            if (count > 1) {
                one.put("name", name + "-" + (index + 1)); // Nova's _populate_instance_names
            }
            one.put("_launch_index", index);
            made.add(build(r, one, group, networks, securityGroupIds, devices, image, az));
        }

        if (s.path("return_reservation_id").asBoolean(false)) {
            ObjectNode body = Json.object().put("reservation_id", b.path("_reservation").asString());
            return new SimResponse(202, body, Map.of());
        }
        Res server = made.getFirst();
        ObjectNode created = Json.object();
        created.put("id", server.id);
        created.set("links", links(r, "servers", server.id));
        created.put("OS-DCF:diskConfig", b.path("_disk_config").asString());
        ArrayNode sgs = created.putArray("security_groups");
        b.path("security_groups").forEach(g -> sgs.addObject().put("name", g.asString()));
        String adminPass = Json.text(s, "adminPass");
        created.put("adminPass", adminPass != null ? adminPass : password());
        ObjectNode body = Json.object();
        body.set("server", created);
        return new SimResponse(202, body, Map.of("Location", base(r) + PREFIX + "/servers/" + server.id));
    }

    /** One server of a create request: its record, its ports on the requested networks, its volumes. */
    private Res build(SimRequest r, ObjectNode b, Res group, List<NetworkRequest> networks, List<String> securityGroupIds,
                      List<Device> devices, Res image, String az) {
        String projectId = r.projectId();
        b.put("_seq", SEQ.incrementAndGet());
        b.putArray("_ports");
        b.putArray("_nova_ports");
        b.putArray("_volumes");
        Res server = world.add(Kinds.SERVER, projectId, b);
        nova.records.record(server, "create", r);
        world.startTransition(server, world.settings.serverBuild());
        world.consumeForcedStatus(Kinds.SERVER).ifPresent(f -> fail(server, f.status(), f.message()));
        if (group != null) {
            ((ArrayNode) group.body.get("members")).add(server.id);
            b.put("_group", group.id);
        }

        try {
            for (NetworkRequest n : networks) {
                Res port;
                if (n.port() != null) {
                    port = n.port();
                    port.body.put("device_id", server.id).put("device_owner", "compute:" + az).put("status", "ACTIVE");
                } else {
                    port = Ports.create(world, projectId, n.network().id, null, "", server.id, "compute:" + az);
                    ArrayNode sg = port.body.putArray("security_groups");
                    securityGroupIds.forEach(sg::add);
                    ((ArrayNode) b.get("_nova_ports")).add(port.id);
                }
                port.body.put("binding:host_id", "compute-" + az);
                ((ArrayNode) b.get("_ports")).add(port.id);
                nova.adoptPort(port.id);
            }
        } catch (ServiceError e) {
            // Neutron could not give an address: Nova gives up the build and takes its ports back
            nova.releasePorts(server);
            fail(server, "ERROR", "Build of instance " + server.id + " aborted: Failed to allocate the network(s), not rescheduling.");
        }
        attachDevices(server, devices, image, projectId, r.token().userId(), az);
        return server;
    }

    private static void fail(Res server, String status, String message) {
        server.forcedStatus = status;
        server.body.put("_fault", message == null ? "No valid host was found. " : message);
    }

    private List<String> instanceQuotaExceeded(String projectId, Res flavor, int count) {
        return instanceRequest(flavor, count).entrySet().stream().filter(e -> world.exceeds(projectId, e.getKey(), e.getValue()))
                .map(Map.Entry::getKey).toList();
    }

    private static Map<String, Integer> instanceRequest(Res flavor, int count) {
        Map<String, Integer> requested = new LinkedHashMap<>();
        requested.put("cores", flavor.body.path("vcpus").asInt() * count);
        requested.put("instances", count);
        requested.put("ram", flavor.body.path("ram").asInt() * count);
        return requested;
    }

    private void checkInstanceQuota(String projectId, Res flavor, int count) {
        Map<String, Integer> requested = instanceRequest(flavor, count);
        List<String> overs = instanceQuotaExceeded(projectId, flavor, count);
        if (!overs.isEmpty()) {
            String resources = String.join(", ", overs);
            throw ServiceError.nova(403, "forbidden", "Quota exceeded for " + resources + ": Requested "
                    + join(overs, requested::get) + ", but already used " + join(overs, x -> world.usage(projectId, x))
                    + " of " + join(overs, x -> world.quota(projectId, x)) + " " + resources);
        }
    }

    private static String join(List<String> keys, Function<String, Integer> value) {
        return String.join(", ", keys.stream().map(k -> String.valueOf(value.apply(k))).toList());
    }

    private List<NetworkRequest> networks(JsonNode s, String projectId) {
        List<NetworkRequest> requests = new ArrayList<>();
        JsonNode networks = s.get("networks");
        if (networks == null || networks.isNull()) {
            // no microversion: Nova uses the project's one network (own or shared, not external), if there is exactly one
            List<Res> candidates = world.all(Kinds.NETWORK)
                    .filter(n -> projectId.equals(n.projectId) || n.body.path("shared").asBoolean(false))
                    .filter(n -> !n.body.path("router:external").asBoolean(false))
                    .toList();
            if (candidates.size() > 1) {
                throw ServiceError.nova(409, "conflictingRequest", "Multiple possible networks found, use a Network ID to be more specific.");
            }
            candidates.forEach(n -> requests.add(new NetworkRequest(n, null)));
            return requests;
        }
        if (networks.isString() && List.of("none", "auto").contains(networks.asString())) {
            return requests;
        }
        if (!networks.isArray()) {
            throw badRequest("Bad networks format");
        }
        for (JsonNode n : networks) {
            String portId = Json.text(n, "port");
            String networkId = Json.text(n, "uuid");
            if (portId != null) {
                Res port = world.get(Kinds.PORT, portId).filter(p -> p.projectId == null || p.projectId.equals(projectId))
                        .orElseThrow(() -> badRequest("Port " + portId + " could not be found."));
                if (!port.body.path("device_id").asString("").isEmpty()) {
                    throw ServiceError.nova(409, "conflictingRequest", "Port " + portId + " is still in use.");
                }
                requests.add(new NetworkRequest(null, port));
            } else if (networkId != null) {
                Res network = world.get(Kinds.NETWORK, networkId)
                        .filter(x -> x.projectId == null || x.projectId.equals(projectId) || x.body.path("shared").asBoolean(false)
                                || x.body.path("router:external").asBoolean(false))
                        .orElseThrow(() -> badRequest("Network " + networkId + " could not be found."));
                if (network.body.path("router:external").asBoolean(false) && !network.body.path("shared").asBoolean(false)
                        && !projectId.equals(network.projectId)) {
                    throw ServiceError.nova(403, "forbidden", "It is not allowed to create an interface on external network " + networkId);
                }
                requests.add(new NetworkRequest(network, null));
            } else {
                throw badRequest("Bad networks format: network uuid is not in proper format ()");
            }
        }
        return requests;
    }

    private List<Device> devices(JsonNode s, String projectId) {
        List<Device> devices = new ArrayList<>();
        for (JsonNode d : s.path("block_device_mapping_v2")) {
            String source = d.path("source_type").asString("");
            String destination = d.path("destination_type").asString("local");
            int bootIndex = d.path("boot_index").isNull() || d.path("boot_index").isMissingNode() ? -1 : d.path("boot_index").asInt(-1);
            int size = d.path("volume_size").asInt(0);
            boolean deleteOnTermination = d.path("delete_on_termination").asBoolean(false);
            String uuid = Json.text(d, "uuid");
            if (!"volume".equals(destination)) {
                if ("image".equals(source) && bootIndex == 0) {
                    continue; // the image itself on local disk: an image-backed server
                }
                throw badRequest("Block Device Mapping is Invalid: Only volume destinations are simulated.");
            }
            switch (source) {
                case "image" -> {
                    Res image = Glance.visible(world, projectId, uuid == null ? "" : uuid)
                            .orElseThrow(() -> badRequest("Block Device Mapping is Invalid: failed to get image " + uuid + "."));
                    if (size <= 0) {
                        throw badRequest("Block Device Mapping is Invalid: Images with destination_type 'volume' need to have a non-zero size specified");
                    }
                    long minDisk = image.body.path("min_disk").asLong() * GIB;
                    if ((long) size * GIB < minDisk) {
                        throw badRequest("Volume is smaller than the minimum size specified in image metadata. Volume size is "
                                + (long) size * GIB + " bytes, minimum size is " + minDisk + " bytes.");
                    }
                    devices.add(new Device(bootIndex, image, null, size, deleteOnTermination));
                }
                case "blank" -> {
                    if (size <= 0) {
                        throw badRequest("Block Device Mapping is Invalid: You specified more local devices than the limit allows");
                    }
                    devices.add(new Device(bootIndex, null, null, size, deleteOnTermination));
                }
                case "volume" -> {
                    Res volume = Cinder.visible(world, projectId, uuid == null ? "" : uuid)
                            .orElseThrow(() -> badRequest("Block Device Mapping is Invalid: failed to get volume " + uuid + "."));
                    String status = Cinder.status(world, volume);
                    if (!"available".equals(status)) {
                        throw badRequest("Invalid volume: volume '" + uuid + "' status must be 'available'. Currently in '" + status + "'");
                    }
                    if (bootIndex == 0 && !"true".equals(volume.body.path("bootable").asString())) {
                        throw badRequest("Block Device " + uuid + " is not bootable.");
                    }
                    devices.add(new Device(bootIndex, null, volume, volume.body.path("size").asInt(), deleteOnTermination));
                }
                default -> throw badRequest("Block Device Mapping is Invalid: source_type '" + source + "' is not simulated.");
            }
        }
        return devices;
    }

    /** Nova makes the new volumes on the compute host: a refusal by Cinder fails the build, not the request. */
    private void attachDevices(Res server, List<Device> devices, Res image, String projectId, String userId, String az) {
        if (devices.isEmpty()) {
            return;
        }
        List<Device> ordered = devices.stream().sorted(Comparator.comparingInt(d -> d.bootIndex() < 0 ? Integer.MAX_VALUE : d.bootIndex())).toList();
        int newCount = (int) ordered.stream().filter(d -> d.volume() == null).count();
        int newGigabytes = ordered.stream().filter(d -> d.volume() == null).mapToInt(Device::size).sum();
        try {
            Cinder.checkQuota(world, projectId, newCount, newGigabytes);
        } catch (ServiceError e) {
            fail(server, "ERROR", "Build of instance " + server.id + " aborted: " + e.getMessage());
            return;
        }
        char letter = 'a';
        for (Device d : ordered) {
            Res volume = d.volume() != null ? d.volume()
                    : Cinder.createVolume(world, projectId, userId, "", null, d.size(), d.image(), null, az, false);
            String device = "/dev/vd" + letter++;
            Cinder.attach(world, volume, server.id, device);
            ((ArrayNode) server.body.get("_volumes")).addObject().put("volume_id", volume.id).put("device", device)
                    .put("delete_on_termination", d.deleteOnTermination()).put("boot", d.bootIndex() == 0);
        }
    }
}
