package org.stackport.simulator.internal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Nova 2.1 (no microversion) at {@code /compute/v2.1}: servers with their ports and volumes, routed with the
 * parts in NovaCatalog, NovaKeypairs, NovaServerGroups, NovaServerParts, NovaServerViews and NovaActions, at the
 * microversion NovaMicroversion negotiates. Servers are BUILD for
 * {@code settings.serverBuild} (addresses from half way, when the networking is allocated), then ACTIVE (or ERROR
 * with a fault when one was injected). A delete takes {@code settings.serverDelete} in task_state deleting; the
 * ports and volumes are released at its end. Validation, quota checks and error bodies follow Nova's own wording,
 * and every answer carries an x-compute-request-id.
 */
public final class Nova implements SimService {

    public static final String SERVER = Kinds.SERVER;
    public static final String PREFIX = "/compute/v2.1";
    static final List<String> ZONES = List.of("nova", "az1", "az2", "az3");
    static final AtomicLong SEQ = new AtomicLong();
    private static final DateTimeFormatter Z = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
    static final List<String> POLICIES = List.of("anti-affinity", "affinity", "soft-anti-affinity", "soft-affinity");
    private static final long GIB = 1024L * 1024 * 1024;

    private final World world;
    private final NovaCatalog catalog;
    private final NovaKeypairs keypairs;
    private final NovaServerGroups groups;
    private final NovaActions actions;
    private final NovaServerParts parts;
    private final NovaServerViews views;
    /** Ports that a server delete detached (they were made before the server): leaks while nobody uses them. */
    private final Map<String, String> detachedPorts = new HashMap<>();
    /** Servers in task_state deleting, so that ending their deletes costs no walk over every server. */
    private final Set<String> deleting = new HashSet<>();

    public Nova(World world) {
        this.world = world;
        this.catalog = new NovaCatalog(world, this);
        this.keypairs = new NovaKeypairs(world, this);
        this.groups = new NovaServerGroups(world, this);
        this.actions = new NovaActions(world, this);
        this.parts = new NovaServerParts(world, this);
        this.views = new NovaServerViews(world, this);
        world.whenDue(this::finishDeletes);
        world.defaultQuota("instances", 10);
        world.defaultQuota("cores", 20);
        world.defaultQuota("ram", 51200);
        world.defaultQuota("key_pairs", 100);
        world.defaultQuota("server_groups", 10);
        world.defaultQuota("server_group_members", 10);
        world.defaultQuota("metadata_items", 128);
        world.usageCounter("instances", (w, p) -> (int) w.owned(Kinds.SERVER, p).count());
        world.usageCounter("cores", (w, p) -> w.owned(Kinds.SERVER, p).mapToInt(s -> s.body.path("_vcpus").asInt()).sum());
        world.usageCounter("ram", (w, p) -> w.owned(Kinds.SERVER, p).mapToInt(s -> s.body.path("_ram").asInt()).sum());
        world.usageCounter("key_pairs", (w, p) -> (int) w.owned(Kinds.KEYPAIR, p).count());
        world.usageCounter("server_groups", (w, p) -> (int) w.owned(Kinds.SERVER_GROUP, p).count());
        world.orphanDetector(this::orphans);
    }

    @Override
    public void register(Router router) {
        route(router, "GET", "/compute", false, r -> SimResponse.ok(versions(r)));
        route(router, "GET", PREFIX, false, r -> SimResponse.ok(version(r)));

        catalog.register(router);
        keypairs.register(router);
        groups.register(router);


        route(router, "POST", PREFIX + "/servers", this::createServer);
        route(router, "GET", PREFIX + "/servers", r -> views.servers(r, false));
        route(router, "GET", PREFIX + "/servers/detail", r -> views.servers(r, true));
        route(router, "GET", PREFIX + "/servers/{id}", r -> one("server", serverView(server(r, r.param("id")), r)));
        route(router, "DELETE", PREFIX + "/servers/{id}", r -> {
            startDelete(server(r, r.param("id")));
            return SimResponse.noContent();
        });
        actions.register(router);
        parts.register(router);

    }

    void route(Router router, String method, String path, Handler handler) {
        route(router, method, path, true, handler);
    }

    /**
     * Every Nova answer, an error included, carries the request id Nova logs it under, and the microversion it was
     * made at (chosen before the route runs; a malformed version leaves none to name).
     */
    void route(Router router, String method, String path, boolean authenticated, Handler handler) {
        router.add(method, path, authenticated, r -> {
            SimResponse response;
            NovaMicroversion version = null;
            try {
                version = NovaMicroversion.of(r);
                response = handler.handle(r);
            } catch (NovaMicroversion.Refused e) {
                version = e.version;
                response = SimResponse.status(e.status(), e.body());
            } catch (ServiceError e) {
                response = SimResponse.status(e.status(), e.body());
            }
            Map<String, String> headers = new LinkedHashMap<>(response.headers());
            if (version != null) {
                headers.putAll(version.headers());
            }
            headers.put("x-compute-request-id", "req-" + World.uuid());
            return new SimResponse(response.status(), response.body(), headers);
        });
    }

    // ---- servers

    Res server(SimRequest r, String id) {
        return world.get(Kinds.SERVER, id).filter(s -> s.projectId.equals(r.projectId()) || r.token().admin())
                .orElseThrow(() -> ServiceError.nova(404, "itemNotFound", "Instance " + id + " could not be found."));
    }

    /** A requested network: a network to make a port on, or a port made beforehand. */
    private record NetworkRequest(Res network, Res port) {
    }

    /** A requested block device: a new volume (from an image or blank) or an existing one. */
    private record Device(int bootIndex, Res image, Res volume, int size, boolean deleteOnTermination) {
    }

    private SimResponse createServer(SimRequest r) {
        JsonNode s = root(r, "server");
        String projectId = r.projectId();
        String name = NovaChecks.name(s, true);
        String accessIPv4 = NovaChecks.accessIp(s, "accessIPv4", 4);
        String accessIPv6 = NovaChecks.accessIp(s, "accessIPv6", 6);
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
        if (keyName != null && keypairs.find(r, keyName).isEmpty()) {
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
        checkMetadata(projectId, metadata);

        List<NetworkRequest> networks = networks(s, projectId);

        Res group = null;
        JsonNode hints = r.body().path("os:scheduler_hints");
        String groupId = Json.text(hints, "group");
        if (groupId != null) {
            group = world.get(Kinds.SERVER_GROUP, groupId).filter(g -> g.projectId.equals(projectId))
                    .orElseThrow(() -> badRequest("Instance group " + groupId + " could not be found."));
        }

        checkInstanceQuota(projectId, flavor);
        long newPorts = networks.stream().filter(n -> n.port() == null).count();
        if (newPorts > 0 && world.exceeds(projectId, "port", (int) newPorts)) {
            throw ServiceError.nova(403, "forbidden", "Maximum number of ports exceeded");
        }
        if (group != null && world.quota(projectId, "server_group_members") >= 0
                && group.body.path("members").size() + 1 > world.quota(projectId, "server_group_members")) {
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
        b.put("accessIPv4", accessIPv4 == null ? "" : accessIPv4).put("accessIPv6", accessIPv6 == null ? "" : accessIPv6);
        b.put("availability_zone", az);
        b.put("user_id", r.token().userId());
        b.set("metadata", metadata.isObject() ? metadata.deepCopy() : Json.object());
        ArrayNode groups = b.putArray("security_groups");
        securityGroups.stream().distinct().forEach(groups::add);
        b.put("user_data", userData);
        b.put("_seq", SEQ.incrementAndGet());
        b.putArray("_ports");
        b.putArray("_nova_ports");
        b.putArray("_volumes");
        Res server = world.add(Kinds.SERVER, projectId, b);
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
                detachedPorts.remove(port.id);
            }
        } catch (ServiceError e) {
            // Neutron could not give an address: Nova gives up the build and takes its ports back
            releasePorts(server);
            fail(server, "ERROR", "Build of instance " + server.id + " aborted: Failed to allocate the network(s), not rescheduling.");
        }
        attachDevices(server, devices, image, projectId, r.token().userId(), az);

        ObjectNode created = Json.object();
        created.put("id", server.id);
        created.set("links", links(r, "servers", server.id));
        created.put("OS-DCF:diskConfig", "MANUAL");
        ArrayNode sgs = created.putArray("security_groups");
        b.path("security_groups").forEach(g -> sgs.addObject().put("name", g.asString()));
        created.put("adminPass", World.uuid().substring(0, 12).replace("-", "x"));
        ObjectNode body = Json.object();
        body.set("server", created);
        return new SimResponse(202, body, Map.of("Location", base(r) + PREFIX + "/servers/" + server.id));
    }

    private static void fail(Res server, String status, String message) {
        server.forcedStatus = status;
        server.body.put("_fault", message == null ? "No valid host was found. " : message);
    }

    private void checkInstanceQuota(String projectId, Res flavor) {
        Map<String, Integer> requested = new LinkedHashMap<>();
        requested.put("cores", flavor.body.path("vcpus").asInt());
        requested.put("instances", 1);
        requested.put("ram", flavor.body.path("ram").asInt());
        List<String> overs = new ArrayList<>();
        requested.forEach((resource, amount) -> {
            if (world.exceeds(projectId, resource, amount)) {
                overs.add(resource);
            }
        });
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

    void checkMetadata(String projectId, JsonNode metadata) {
        if (metadata.isMissingNode() || metadata.isNull()) {
            return;
        }
        if (!metadata.isObject()) {
            throw badRequest("Invalid input for field/attribute metadata. Value: " + metadata + ". " + metadata + " is not of type 'object'");
        }
        for (var e : metadata.properties()) {
            if (e.getKey().isEmpty() || e.getKey().length() > 255 || !e.getValue().isString() || e.getValue().asString().length() > 255) {
                throw badRequest("Invalid input for field/attribute metadata. Value: " + metadata
                        + ". Additional properties are not allowed (keys and values are strings of 1 to 255 characters)");
            }
        }
        int limit = world.quota(projectId, "metadata_items");
        if (limit >= 0 && metadata.size() > limit) {
            throw ServiceError.nova(403, "forbidden", "Quota exceeded for metadata_items: Requested " + metadata.size()
                    + ", but already used 0 of " + limit + " metadata_items");
        }
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

    /**
     * Nova answers a delete at once and takes {@code settings.serverDelete} to do it: meanwhile the server is read
     * with task_state deleting and keeps its ports and volumes (Neutron and Cinder see them in use). A second
     * delete changes nothing.
     */
    private void startDelete(Res server) {
        if (server.deletingUntil == null) {
            server.deletingUntil = world.now().plus(world.settings.serverDelete());
            deleting.add(server.id);
        }
    }

    /** Ends the deletes whose time has come (run before every call, whichever service it goes to). */
    private void finishDeletes() {
        if (deleting.isEmpty()) {
            return;
        }
        var now = world.now();
        for (String id : List.copyOf(deleting)) {
            Res server = world.get(Kinds.SERVER, id).orElse(null);
            if (server == null || !now.isBefore(server.deletingUntil)) {
                deleting.remove(id);
                if (server != null) {
                    deleteServer(server);
                }
            }
        }
    }

    private void deleteServer(Res server) {
        releasePorts(server);
        for (JsonNode v : server.body.path("_volumes")) {
            world.get(Kinds.VOLUME, v.path("volume_id").asString()).ifPresent(volume -> {
                Cinder.detach(volume, server.id);
                if (v.path("delete_on_termination").asBoolean(false)) {
                    world.remove(Kinds.VOLUME, volume.id);
                }
            });
        }
        String group = Json.text(server.body, "_group");
        if (group != null) {
            world.get(Kinds.SERVER_GROUP, group).ifPresent(g -> {
                ArrayNode members = (ArrayNode) g.body.get("members");
                for (int i = members.size() - 1; i >= 0; i--) {
                    if (server.id.equals(members.get(i).asString())) {
                        members.remove(i);
                    }
                }
            });
        }
        world.remove(Kinds.SERVER, server.id);
    }

    /** Deletes the ports Nova made for a server and unbinds the ones it was given. */
    private void releasePorts(Res server) {
        List<String> own = new ArrayList<>();
        server.body.path("_nova_ports").forEach(p -> own.add(p.asString()));
        for (JsonNode p : server.body.path("_ports")) {
            String id = p.asString();
            world.get(Kinds.PORT, id).filter(port -> server.id.equals(port.body.path("device_id").asString())).ifPresent(port -> {
                if (own.contains(id)) {
                    world.remove(Kinds.PORT, id);
                } else {
                    port.body.put("device_id", "").put("device_owner", "").put("status", "DOWN").put("binding:host_id", "");
                    detachedPorts.put(id, server.id);
                }
            });
        }
        ((ArrayNode) server.body.get("_ports")).removeAll();
        ((ArrayNode) server.body.get("_nova_ports")).removeAll();
    }

    String status(Res s) {
        if (!s.settled(world.now())) {
            return "BUILD";
        }
        settleTask(s);
        if (s.forcedStatus != null) {
            return s.forcedStatus;
        }
        String task = Json.text(s.body, "_task");
        if ("rebooting".equals(task)) {
            return "REBOOT";
        }
        if ("rebooting_hard".equals(task)) {
            return "HARD_REBOOT";
        }
        return "stopped".equals(Json.text(s.body, "_vm")) ? "SHUTOFF" : "ACTIVE";
    }

    static String vmState(String status) {
        return switch (status) {
            case "BUILD" -> "building";
            case "ACTIVE", "REBOOT", "HARD_REBOOT" -> "active";
            case "SHUTOFF" -> "stopped";
            default -> status.toLowerCase();
        };
    }

    /** deleting wins over the task a delete interrupts; a build is spawning. */
    String taskState(Res s) {
        if (s.deletingUntil != null) {
            return "deleting";
        }
        if ("BUILD".equals(status(s))) {
            return "spawning";
        }
        return Json.text(s.body, "_task");
    }

    /** Starts a stop, start or reboot: it ends after {@code settings.serverAction} in vm_state {@code then}. */
    void startTask(Res s, String task, String then) {
        s.body.put("_task", task).put("_task_then", then)
                .put("_task_until", world.now().plus(world.settings.serverAction()).toEpochMilli());
        s.body.put("_updated", world.now().toString());
    }

    private void settleTask(Res s) {
        String task = Json.text(s.body, "_task");
        if (task != null && world.now().toEpochMilli() >= s.body.path("_task_until").asLong()) {
            s.body.put("_vm", s.body.path("_task_then").asString("active"));
            s.body.remove(List.of("_task", "_task_then", "_task_until"));
            s.forcedStatus = null; // a stop or a hard reboot brings a failed server to a known state
            s.body.put("_updated", Instant.ofEpochMilli(world.now().toEpochMilli()).toString());
        }
    }

    /** When the server last changed, as Nova's updated field and changes-since filter see it. */
    Instant updatedAt(Res s) {
        Instant t = s.createdAt;
        if (s.readyAt != null && !"BUILD".equals(status(s)) && s.readyAt.isAfter(t)) {
            t = s.readyAt;
        }
        String updated = Json.text(s.body, "_updated");
        if (updated != null && Instant.parse(updated).isAfter(t)) {
            t = Instant.parse(updated);
        }
        if (s.deletingUntil != null) {
            Instant deleteStarted = s.deletingUntil.minus(world.settings.serverDelete());
            t = deleteStarted.isAfter(t) ? deleteStarted : t;
        }
        return t;
    }

    ObjectNode serverView(Res s, SimRequest r) {
        return views.serverView(s, r);
    }

    ObjectNode addresses(Res s) {
        return views.addresses(s);
    }

    // ---- orphans

    private List<World.Orphan> orphans(World w) {
        List<World.Orphan> found = new ArrayList<>();
        w.all(Kinds.PORT).forEach(port -> {
            String owner = port.body.path("device_owner").asString("");
            String device = port.body.path("device_id").asString("");
            if (owner.startsWith("compute:") && !device.isEmpty() && w.get(Kinds.SERVER, device).isEmpty()) {
                found.add(new World.Orphan(Kinds.PORT, port.id, port.name(), port.projectId, "port of deleted server " + device));
            }
        });
        detachedPorts.entrySet().removeIf(e -> w.get(Kinds.PORT, e.getKey())
                .map(p -> !p.body.path("device_id").asString("").isEmpty()).orElse(true));
        detachedPorts.forEach((portId, serverId) -> w.get(Kinds.PORT, portId).ifPresent(port -> found.add(new World.Orphan(
                Kinds.PORT, port.id, port.name(), port.projectId, "port left unbound by deleted server " + serverId))));
        w.all(Kinds.KEYPAIR).filter(k -> !NovaKeypairs.SEED_KEYPAIR.equals(k.name())).forEach(k -> {
            boolean used = w.owned(Kinds.SERVER, k.projectId).anyMatch(s -> k.name().equals(s.body.path("key_name").asString()));
            if (!used) {
                found.add(new World.Orphan(Kinds.KEYPAIR, k.id, k.name(), k.projectId, "key pair used by no server"));
            }
        });
        w.all(Kinds.SERVER_GROUP).filter(g -> g.body.path("members").isEmpty()).forEach(g -> found.add(
                new World.Orphan(Kinds.SERVER_GROUP, g.id, g.name(), g.projectId, "server group without members")));
        return found;
    }

    // ---- helpers shared with Cinder and Glance

    static String isoZ(Instant t) {
        return Z.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    static String isoMicros(Instant t) {
        return MICROS.format(t);
    }

    /** The URL the client used to reach us (for links), from the Host header. */
    static String base(SimRequest r) {
        String host = r.headers().get("host");
        return r.scheme() + "://" + (host == null ? "127.0.0.1" : host);
    }

    static int intQuery(SimRequest r, String name, int fallback) {
        String v = r.query(name);
        if (v == null || v.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw ErrorFormat.forPath(r.path(), 400, "Invalid input for query parameters " + name + ". Value: " + v
                    + ". '" + v + "' does not match '^[0-9]*$'");
        }
    }

    /** One page by {@code limit} and {@code marker} (an id of the previous page's last item), as Nova and Cinder page. */
    static List<Res> page(List<Res> sorted, SimRequest r, Function<String, ServiceError> markerNotFound) {
        int from = 0;
        String marker = r.query("marker");
        if (marker != null) {
            from = -1;
            for (int i = 0; i < sorted.size(); i++) {
                if (sorted.get(i).id.equals(marker)) {
                    from = i + 1;
                    break;
                }
            }
            if (from < 0) {
                throw markerNotFound.apply(marker);
            }
        }
        int limit = Math.min(intQuery(r, "limit", 1000), 1000);
        return sorted.subList(from, Math.min(sorted.size(), from + Math.max(limit, 0)));
    }

    static ArrayNode links(SimRequest r, String collection, String id) {
        ArrayNode links = Json.array();
        links.addObject().put("rel", "self").put("href", base(r) + PREFIX + "/" + collection + "/" + id);
        links.addObject().put("rel", "bookmark").put("href", base(r) + "/compute/" + collection + "/" + id);
        return links;
    }

    static JsonNode root(SimRequest r, String name) {
        JsonNode node = r.body() == null ? null : r.body().get(name);
        if (node == null || !node.isObject()) {
            throw badRequest("Invalid input for field/attribute " + name + ". Value: " + r.body() + ". '" + name + "' is a required property");
        }
        return node;
    }

    static SimResponse one(String root, JsonNode node) {
        ObjectNode body = Json.object();
        body.set(root, node);
        return SimResponse.ok(body);
    }

    static ServiceError badRequest(String message) {
        return ServiceError.nova(400, "badRequest", message);
    }

    /** {@code GET /compute/}: Nova lists v2.0 (the legacy API) and v2.1 with the microversion range served. */
    private static ObjectNode versions(SimRequest r) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("versions");
        list.addObject().put("id", "v2.0").put("status", "SUPPORTED").put("version", "").put("min_version", "")
                .put("updated", "2011-01-21T11:33:21Z")
                .putArray("links").addObject().put("rel", "self").put("href", base(r) + "/compute/v2/");
        list.addObject().put("id", "v2.1").put("status", "CURRENT").put("version", NovaMicroversion.MAX.toString())
                .put("min_version", NovaMicroversion.MIN.toString()).put("updated", "2013-07-23T11:33:21Z")
                .putArray("links").addObject().put("rel", "self").put("href", base(r) + PREFIX + "/");
        return body;
    }

    private static ObjectNode version(SimRequest r) {
        ObjectNode body = Json.object();
        ObjectNode v = body.putObject("version");
        v.put("id", "v2.1").put("status", "CURRENT").put("version", NovaMicroversion.MAX.toString())
                .put("min_version", NovaMicroversion.MIN.toString()).put("updated", "2013-07-23T11:33:21Z");
        ArrayNode links = v.putArray("links");
        links.addObject().put("rel", "self").put("href", base(r) + PREFIX + "/");
        links.addObject().put("rel", "describedby").put("type", "text/html").put("href", "http://docs.openstack.org/");
        v.putArray("media-types").addObject().put("base", "application/json")
                .put("type", "application/vnd.openstack.compute+json;version=2.1");
        return body;
    }

    @Override
    public String statusOf(Res res) {
        return switch (res.kind) {
            case Kinds.SERVER -> status(res);
            case Kinds.FLAVOR, Kinds.KEYPAIR, Kinds.SERVER_GROUP -> "";
            default -> null;
        };
    }
}
