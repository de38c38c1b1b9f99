package org.stackport.openstack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.compute.AbsoluteLimit;
import org.openstack4j.model.compute.Address;
import org.openstack4j.model.compute.BDMDestType;
import org.openstack4j.model.compute.BDMSourceType;
import org.openstack4j.model.compute.Flavor;
import org.openstack4j.model.compute.Keypair;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.compute.ServerGroup;
import org.openstack4j.model.compute.VolumeAttachment;
import org.openstack4j.model.compute.builder.ServerCreateBuilder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Nova: flavors, availability zones, key pairs, server groups, servers and their volumes, limits.
 * Every method authenticates through the cached session and runs on the caller's thread.
 */
@Component
public class ComputeApi {

    static final int PAGE_SIZE = 500;

    private final CloudSessions sessions;
    private final int pageSize;

    @Autowired
    public ComputeApi(CloudSessions sessions) {
        this(sessions, PAGE_SIZE);
    }

    /** With a page size of our choice for server lists (tests use a small one to prove the pages are followed). */
    ComputeApi(CloudSessions sessions, int pageSize) {
        this.sessions = sessions;
        this.pageSize = pageSize;
    }

    private OSClient.OSClientV3 client(CloudCredentials credentials) {
        return sessions.open(credentials).client();
    }

    // ---- flavors and zones

    public List<FlavorInfo> flavors(CloudCredentials credentials) {
        OSClient.OSClientV3 os = client(credentials);
        return Failures.call("list flavors", () -> os.compute().flavors().list().stream().map(ComputeApi::flavor).toList());
    }

    public Optional<FlavorInfo> findFlavorByName(CloudCredentials credentials, String name) {
        return flavors(credentials).stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** Names of the availability zones that are available now. */
    public List<String> availabilityZones(CloudCredentials credentials) {
        OSClient.OSClientV3 os = client(credentials);
        return Failures.call("list availability zones", () -> os.compute().zones().list().stream()
                .filter(z -> z.getZoneState() == null || z.getZoneState().getAvailable())
                .map(z -> z.getZoneName()).toList());
    }

    // ---- key pairs

    public List<KeyPairInfo> keypairs(CloudCredentials credentials) {
        OSClient.OSClientV3 os = client(credentials);
        return Failures.call("list key pairs", () -> os.compute().keypairs().list().stream().map(ComputeApi::keypair).toList());
    }

    public Optional<KeyPairInfo> findKeypair(CloudCredentials credentials, String name) {
        OSClient.OSClientV3 os = client(credentials);
        return Optional.ofNullable(Failures.call("read key pair " + name, () -> os.compute().keypairs().get(name)))
                .map(ComputeApi::keypair);
    }

    /** Imports {@code publicKey}, or, when it is null, lets Nova generate a pair (the private key is returned once). */
    public KeyPairInfo createKeypair(CloudCredentials credentials, String name, String publicKey) {
        OSClient.OSClientV3 os = client(credentials);
        String action = "create key pair " + name;
        return keypair(Failures.present(action, Failures.call(action, () -> os.compute().keypairs().create(name, publicKey)),
                "the key pair service"));
    }

    /**
     * Deletes a key pair and tells whether it is gone on a confirming read; one that was already gone counts as
     * deleted.
     */
    public boolean deleteKeypair(CloudCredentials credentials, String name) {
        OSClient.OSClientV3 os = client(credentials);
        String action = "delete key pair " + name;
        ActionResults.doneOrGone(action, Failures.call(action, () -> os.compute().keypairs().delete(name)));
        return Failures.call("confirm key pair " + name + " is deleted", () -> os.compute().keypairs().get(name)) == null;
    }

    // ---- server groups

    public List<ServerGroupInfo> serverGroups(CloudCredentials credentials) {
        OSClient.OSClientV3 os = client(credentials);
        return Failures.call("list server groups", () -> os.compute().serverGroups().list().stream().map(ComputeApi::group).toList());
    }

    /**
     * Creates a server group with one policy: anti-affinity, affinity, soft-anti-affinity or soft-affinity. The soft
     * ones exist from Nova microversion 2.15; openstack4j sends none (2.1), so it is asked for here.
     */
    public ServerGroupInfo createServerGroup(CloudCredentials credentials, String name, String policy) {
        OSClient.OSClientV3 os = client(credentials);
        if (policy != null && policy.startsWith("soft-")) {
            os.headers(java.util.Map.of("X-OpenStack-Nova-API-Version", "2.15"));
        }
        String action = "create server group " + name;
        return group(Failures.present(action, Failures.call(action, () -> os.compute().serverGroups().create(name, policy)),
                "the server group service"));
    }

    public Optional<ServerGroupInfo> getServerGroup(CloudCredentials credentials, String id) {
        OSClient.OSClientV3 os = client(credentials);
        return Optional.ofNullable(Failures.call("read server group " + id, () -> os.compute().serverGroups().get(id)))
                .map(ComputeApi::group);
    }

    public Optional<ServerGroupInfo> findServerGroupByName(CloudCredentials credentials, String name) {
        return serverGroups(credentials).stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /**
     * Deletes a server group and tells whether it is gone on a confirming read; one that was already gone counts
     * as deleted.
     */
    public boolean deleteServerGroup(CloudCredentials credentials, String id) {
        OSClient.OSClientV3 os = client(credentials);
        String action = "delete server group " + id;
        ActionResults.doneOrGone(action, Failures.call(action, () -> os.compute().serverGroups().delete(id)));
        return Failures.call("confirm server group " + id + " is deleted", () -> os.compute().serverGroups().get(id)) == null;
    }

    // ---- servers

    /**
     * Asks Nova for a server and returns its id at once (it is BUILD; poll {@link #getServer}). Nova may have
     * created the server even when this call fails (a lost answer), so callers look it up by its deterministic
     * name with {@link #findServerByName} before creating again.
     */
    public String createServer(CloudCredentials credentials, ServerSpec spec) {
        OSClient.OSClientV3 os = client(credentials);
        String action = "create server " + spec.name();
        ServerCreateBuilder b = Builders.server().name(spec.name()).flavor(spec.flavorId());
        if (spec.bootVolumeGiB() != null) {
            // openstack4j sends delete_on_termination=false unless told: the volume would outlive the server
            b.blockDevice(Builders.blockDeviceMapping().uuid(spec.imageId()).sourceType(BDMSourceType.IMAGE)
                    .destinationType(BDMDestType.VOLUME).volumeSize(spec.bootVolumeGiB()).bootIndex(0)
                    .deleteOnTermination(true).build());
        } else {
            b.image(spec.imageId());
        }
        if (spec.keyName() != null) {
            b.keypairName(spec.keyName());
        }
        if (!spec.networkIds().isEmpty()) {
            b.networks(spec.networkIds());
        }
        spec.portIds().forEach(b::addNetworkPort);
        spec.securityGroups().forEach(b::addSecurityGroup);
        if (spec.availabilityZone() != null) {
            b.availabilityZone(spec.availabilityZone());
        }
        if (spec.serverGroupId() != null) {
            b.addSchedulerHint("group", spec.serverGroupId());
        }
        if (spec.userData() != null) {
            b.userData(Base64.getEncoder().encodeToString(spec.userData().getBytes(StandardCharsets.UTF_8)));
        }
        if (!spec.metadata().isEmpty()) {
            b.addMetadata(new LinkedHashMap<>(spec.metadata()));
        }
        Server created = Failures.present(action, Failures.call(action, () -> os.compute().servers().boot(b.build())),
                "the compute service");
        return created.getId();
    }

    public Optional<ServerInfo> getServer(CloudCredentials credentials, String id) {
        OSClient.OSClientV3 os = client(credentials);
        return Optional.ofNullable(Failures.call("read server " + id, () -> os.compute().servers().get(id))).map(ComputeApi::server);
    }

    /**
     * Servers with exactly this name, oldest first. Nova's name filter is a regular expression that matches
     * anywhere in the name, so the name is escaped and anchored, and the answer is filtered exactly again.
     */
    public List<ServerInfo> serversNamed(CloudCredentials credentials, String name) {
        OSClient.OSClientV3 os = client(credentials);
        Map<String, String> filter = Map.of("name", "^" + escapeRegex(name) + "$");
        return Failures.call("find server " + name, () -> Paging.<Server>all(pageSize, filter, os.compute().servers()::list, Server::getId).stream()
                .filter(s -> name.equals(s.getName()))
                .map(ComputeApi::server)
                .sorted(Comparator.comparing(ServerInfo::createdAt, Comparator.nullsLast(Comparator.naturalOrder())))
                .toList());
    }

    /**
     * Servers whose names start with the prefix, in one listing (all pages): how a reconciler polls all of a cluster's
     * servers at once instead of reading them one by one.
     */
    public List<ServerInfo> serversNamedFrom(CloudCredentials credentials, String prefix) {
        OSClient.OSClientV3 os = client(credentials);
        Map<String, String> filter = Map.of("name", "^" + escapeRegex(prefix));
        return Failures.call("list servers named " + prefix + "*", () -> Paging.<Server>all(pageSize, filter,
                        os.compute().servers()::list, Server::getId).stream()
                .filter(s -> s.getName() != null && s.getName().startsWith(prefix))
                .map(ComputeApi::server).toList());
    }

    /** The server with exactly this name (the oldest, should a lost answer have led to two). */
    public Optional<ServerInfo> findServerByName(CloudCredentials credentials, String name) {
        return serversNamed(credentials, name).stream().findFirst();
    }

    /** Every server of the project, newest first (all pages: Nova answers at most 1000 at a time). */
    public List<ServerInfo> servers(CloudCredentials credentials) {
        OSClient.OSClientV3 os = client(credentials);
        return Failures.call("list servers", () -> Paging.<Server>all(pageSize, Map.of(), os.compute().servers()::list, Server::getId)
                .stream().map(ComputeApi::server).toList());
    }

    /**
     * Asks Nova to delete a server and tells whether it is gone on a confirming read. openstack4j reports a DELETE
     * answered 429 or 503 as success, so only the read is trusted; false means "ask again later".
     */
    public boolean deleteServer(CloudCredentials credentials, String id) {
        OSClient.OSClientV3 os = client(credentials);
        String action = "delete server " + id;
        ActionResults.doneOrGone(action, Failures.call(action, () -> os.compute().servers().delete(id)));
        return Failures.call("confirm server " + id + " is deleted", () -> os.compute().servers().get(id)) == null;
    }

    public Map<String, String> serverMetadata(CloudCredentials credentials, String serverId) {
        OSClient.OSClientV3 os = client(credentials);
        String action = "read metadata of server " + serverId;
        return Map.copyOf(Failures.present(action, Failures.call(action, () -> os.compute().servers().getMetadata(serverId)),
                "server " + serverId));
    }

    /** Replaces all metadata of a server. */
    public Map<String, String> replaceServerMetadata(CloudCredentials credentials, String serverId, Map<String, String> metadata) {
        OSClient.OSClientV3 os = client(credentials);
        String action = "set metadata of server " + serverId;
        return Map.copyOf(Failures.present(action, Failures.call(action,
                () -> os.compute().servers().updateMetadata(serverId, new LinkedHashMap<>(metadata))), "server " + serverId));
    }

    /** Attaches an available volume to an ACTIVE server; returns the device Nova chose (e.g. /dev/vdb). */
    public String attachVolume(CloudCredentials credentials, String serverId, String volumeId) {
        OSClient.OSClientV3 os = client(credentials);
        String action = "attach volume " + volumeId + " to server " + serverId;
        VolumeAttachment a = Failures.present(action, Failures.call(action,
                () -> os.compute().servers().attachVolume(serverId, volumeId, null)), "server " + serverId);
        return a.getDevice();
    }

    /**
     * Detaches a volume from a server and tells whether the server no longer lists it on a confirming read (a
     * real detach takes a moment: false means "ask again later"). A volume that is not attached counts as detached.
     */
    public boolean detachVolume(CloudCredentials credentials, String serverId, String volumeId) {
        OSClient.OSClientV3 os = client(credentials);
        String action = "detach volume " + volumeId + " from server " + serverId;
        ActionResponse r = Failures.call(action, () -> os.compute().servers().detachVolume(serverId, volumeId));
        ActionResults.doneOrGone(action, r);
        Server server = Failures.call("confirm volume " + volumeId + " is detached", () -> os.compute().servers().get(serverId));
        return server == null || !server.getOsExtendedVolumesAttached().contains(volumeId);
    }

    public ComputeLimits limits(CloudCredentials credentials) {
        OSClient.OSClientV3 os = client(credentials);
        String action = "read compute limits";
        AbsoluteLimit a = Failures.present(action, Failures.call(action, () -> os.compute().quotaSets().limits()),
                "the compute limits").getAbsolute();
        return new ComputeLimits(a.getTotalInstancesUsed(), a.getMaxTotalInstances(), a.getTotalCoresUsed(),
                a.getMaxTotalCores(), a.getTotalRAMUsed(), a.getMaxTotalRAMSize(), a.getMaxTotalKeypairs(), a.getMaxServerGroups(),
                a.getMaxServerGroupMembers());
    }

    // ---- mapping

    /** Escapes every character that is not a letter, digit or '_' so the name matches itself in any regex dialect Nova uses. */
    static String escapeRegex(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().forEach(c -> {
            if (c < 128 && !Character.isLetterOrDigit(c) && c != '_') {
                out.append('\\');
            }
            out.appendCodePoint(c);
        });
        return out.toString();
    }

    private static FlavorInfo flavor(Flavor f) {
        return new FlavorInfo(f.getId(), f.getName(), f.getVcpus(), f.getRam(), f.getDisk());
    }

    private static KeyPairInfo keypair(Keypair k) {
        return new KeyPairInfo(k.getName(), k.getFingerprint(), k.getPublicKey(), k.getPrivateKey());
    }

    private static ServerGroupInfo group(ServerGroup g) {
        List<String> policies = g.getPolicies();
        return new ServerGroupInfo(g.getId(), g.getName(), policies == null || policies.isEmpty() ? null : policies.getFirst(),
                g.getMembers());
    }

    private static ServerInfo server(Server s) {
        Map<String, List<String>> addresses = new LinkedHashMap<>();
        if (s.getAddresses() != null && s.getAddresses().getAddresses() != null) {
            s.getAddresses().getAddresses().forEach((network, list) -> {
                List<String> ips = new ArrayList<>();
                list.stream().map(Address::getAddr).forEach(ips::add);
                addresses.put(network, ips);
            });
        }
        List<String> groups = s.getSecurityGroups() == null ? List.of()
                : s.getSecurityGroups().stream().map(g -> g.getName()).distinct().toList();
        return new ServerInfo(s.getId(), s.getName(), s.getStatus() == null ? null : s.getStatus().name(), s.getFlavorId(),
                s.getImageId(), s.getKeyName(), s.getAvailabilityZone(), addresses, groups, s.getOsExtendedVolumesAttached(),
                s.getMetadata(), s.getFault() == null ? null : s.getFault().getMessage(),
                s.getCreated() == null ? null : s.getCreated().toInstant());
    }
}
