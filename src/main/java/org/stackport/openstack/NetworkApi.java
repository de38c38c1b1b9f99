package org.stackport.openstack;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient;
import org.openstack4j.model.common.ActionResponse;
import org.openstack4j.model.network.AttachInterfaceType;
import org.openstack4j.model.network.IPVersionType;
import org.openstack4j.model.network.NetFloatingIP;
import org.openstack4j.model.network.Network;
import org.openstack4j.model.network.Pool;
import org.openstack4j.model.network.Port;
import org.openstack4j.model.network.Resource;
import org.openstack4j.model.network.Router;
import org.openstack4j.model.network.SecurityGroup;
import org.openstack4j.model.network.SecurityGroupRule;
import org.openstack4j.model.network.Subnet;
import org.openstack4j.model.network.builder.NetSecurityGroupRuleBuilder;
import org.openstack4j.model.network.builder.PortBuilder;
import org.openstack4j.model.network.builder.SubnetBuilder;
import org.openstack4j.model.network.options.PortListOptions;
import org.openstack4j.openstack.networking.domain.NeutronResourceTag;
import org.openstack4j.openstack.networking.internal.BaseNetworkingServices;
import org.springframework.stereotype.Component;

/**
 * Neutron: networks, subnets, routers, ports, security groups, floating IPs, tags and quota usage.
 * Every delete is confirmed by a read (404 = gone) and says whether the object is gone. openstack4j's
 * network models carry no tags, so tags are set with the tag API after a create and looked up with a raw list.
 */
@Component
public class NetworkApi {

    private static final String SERVICE = "network";

    public record NetworkInfo(String id, String name, String projectId, String status, boolean external, boolean shared,
                              List<String> subnetIds) {
    }

    /** @param capacity addresses the allocation pools hold */
    public record SubnetInfo(String id, String name, String networkId, String cidr, String gatewayIp,
                             List<String> dnsServers, long capacity) {
    }

    public record SubnetSpec(String name, String networkId, String cidr, String gatewayIp, List<String> dnsServers) {
        public SubnetSpec {
            dnsServers = dnsServers == null ? List.of() : List.copyOf(dnsServers);
        }
    }

    public record FixedIp(String subnetId, String address) {
    }

    public record PortInfo(String id, String name, String networkId, String deviceId, String deviceOwner, String status,
                           String macAddress, List<FixedIp> fixedIps, List<String> securityGroupIds) {

        /** The first fixed address, or null when the port has none. */
        public String address() {
            return fixedIps.isEmpty() ? null : fixedIps.getFirst().address();
        }
    }

    /** @param subnetId null for an address from any subnet of the network; @param address null for any free one */
    public record PortSpec(String name, String networkId, String subnetId, String address, List<String> securityGroupIds) {
        public PortSpec {
            securityGroupIds = securityGroupIds == null ? List.of() : List.copyOf(securityGroupIds);
        }
    }

    public record RouterInfo(String id, String name, String status, String externalNetworkId) {
    }

    public record RouterInterfaceInfo(String routerId, String subnetId, String portId) {
    }

    public record SecurityGroupInfo(String id, String name, String description, List<RuleInfo> rules) {
    }

    public record RuleInfo(String id, String securityGroupId, String direction, String ethertype, String protocol,
                           Integer portMin, Integer portMax, String remoteIpPrefix, String remoteGroupId) {
    }

    /** A rule to add; protocol null = any, ports null = all, remote: a CIDR or a security group (not both). */
    public record RuleSpec(String direction, String ethertype, String protocol, Integer portMin, Integer portMax,
                           String remoteIpPrefix, String remoteGroupId) {

        public static RuleSpec ingressTcp(int port, String cidr) {
            return new RuleSpec("ingress", "IPv4", "tcp", port, port, cidr, null);
        }

        public static RuleSpec ingressTcpRange(int from, int to, String cidr) {
            return new RuleSpec("ingress", "IPv4", "tcp", from, to, cidr, null);
        }

        public static RuleSpec ingressFromGroup(String groupId) {
            return new RuleSpec("ingress", "IPv4", null, null, null, null, groupId);
        }
    }

    public record FloatingIpInfo(String id, String address, String networkId, String portId, String fixedAddress,
                                 String status, String description) {
    }

    /** One Neutron quota resource: {@code limit} -1 means unlimited. */
    public record QuotaUsage(String resource, int used, int limit, int reserved) {
        public boolean allows(int more) {
            return limit < 0 || used + reserved + more <= limit;
        }
    }

    /** What can carry Neutron tags. */
    public enum Taggable {
        NETWORK, SUBNET, PORT, ROUTER, SECURITY_GROUP, FLOATING_IP
    }

    private final CloudSessions sessions;

    public NetworkApi(CloudSessions sessions) {
        this.sessions = sessions;
    }

    // ---- networks

    public List<NetworkInfo> networks(CloudCredentials c) {
        String action = "list networks";
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> os.networking().network().list().stream().map(NetworkApi::network).toList());
    }

    public NetworkInfo network(CloudCredentials c, String id) {
        String action = "read network " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> network(Failures.present(action, os.networking().network().get(id), "network " + id)));
    }

    /** Networks the project sees with this exact name (Neutron names are not unique). */
    public Optional<NetworkInfo> findNetwork(CloudCredentials c, String name) {
        String action = "find network " + name;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> os.networking().network().list(Map.of("name", name)).stream()
                .map(NetworkApi::network).findFirst());
    }

    /** The first external network (router:external), preferring one with the given name when there are several. */
    public Optional<NetworkInfo> findExternalNetwork(CloudCredentials c, String preferredName) {
        String action = "find the external network";
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            List<NetworkInfo> external = os.networking().network().list(Map.of("router:external", "true")).stream()
                    .map(NetworkApi::network).toList();
            return external.stream().filter(n -> n.name().equals(preferredName)).findFirst()
                    .or(() -> external.stream().findFirst());
        });
    }

    public NetworkInfo createNetwork(CloudCredentials c, String name) {
        String action = "create network " + name;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> network(Failures.present(action, os.networking().network()
                .create(Builders.network().name(name).adminStateUp(true).build()), "network " + name)));
    }

    /** Deletes a network (404 counts as done); true when a read confirms it is gone. */
    public boolean deleteNetwork(CloudCredentials c, String id) {
        String action = "delete network " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            ActionResults.doneOrGone(action, os.networking().network().delete(id));
            return os.networking().network().get(id) == null;
        });
    }

    // ---- subnets

    public List<SubnetInfo> subnets(CloudCredentials c, String networkId) {
        String action = "list subnets of network " + networkId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> os.networking().subnet().list().stream()
                .filter(s -> networkId == null || networkId.equals(s.getNetworkId())).map(NetworkApi::subnet).toList());
    }

    public SubnetInfo subnet(CloudCredentials c, String id) {
        String action = "read subnet " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> subnet(Failures.present(action, os.networking().subnet().get(id), "subnet " + id)));
    }

    public Optional<SubnetInfo> findSubnet(CloudCredentials c, String networkId, String name) {
        return subnets(c, networkId).stream().filter(s -> s.name().equals(name)).findFirst();
    }

    public SubnetInfo createSubnet(CloudCredentials c, SubnetSpec spec) {
        String action = "create subnet " + spec.name() + " (" + spec.cidr() + ")";
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            SubnetBuilder b = Builders.subnet().name(spec.name()).networkId(spec.networkId()).cidr(spec.cidr())
                    .ipVersion(IPVersionType.V4).enableDHCP(true);
            if (spec.gatewayIp() != null) {
                b.gateway(spec.gatewayIp());
            }
            spec.dnsServers().forEach(b::addDNSNameServer);
            return subnet(Failures.present(action, os.networking().subnet().create(b.build()), "network " + spec.networkId()));
        });
    }

    public boolean deleteSubnet(CloudCredentials c, String id) {
        String action = "delete subnet " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            ActionResults.doneOrGone(action, os.networking().subnet().delete(id));
            return os.networking().subnet().get(id) == null;
        });
    }

    /** Free addresses in the subnet's allocation pools, counting the ports this project can see. */
    public long freeAddresses(CloudCredentials c, String subnetId) {
        String action = "count free addresses of subnet " + subnetId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            var subnet = Failures.present(action, os.networking().subnet().get(subnetId), "subnet " + subnetId);
            long used = os.networking().port().list(Map.of("fixed_ips", List.of("subnet_id=" + subnetId))).stream()
                    .flatMap(p -> p.getFixedIps().stream())
                    .filter(ip -> subnetId.equals(ip.getSubnetId()) && inPools(subnet.getAllocationPools(), ip.getIpAddress()))
                    .count();
            return capacity(subnet.getAllocationPools()) - used;
        });
    }

    // ---- routers

    public List<RouterInfo> routers(CloudCredentials c) {
        String action = "list routers";
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> os.networking().router().list().stream().map(NetworkApi::router).toList());
    }

    public Optional<RouterInfo> findRouter(CloudCredentials c, String name) {
        return routers(c).stream().filter(r -> r.name().equals(name)).findFirst();
    }

    public RouterInfo router(CloudCredentials c, String id) {
        String action = "read router " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> router(Failures.present(action, os.networking().router().get(id), "router " + id)));
    }

    /** A router, with its gateway on {@code externalNetworkId} when that is not null. */
    public RouterInfo createRouter(CloudCredentials c, String name, String externalNetworkId) {
        String action = "create router " + name;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            var b = Builders.router().name(name).adminStateUp(true);
            if (externalNetworkId != null) {
                b.externalGateway(externalNetworkId);
            }
            return router(Failures.present(action, os.networking().router().create(b.build()), "router " + name));
        });
    }

    public RouterInterfaceInfo addRouterInterface(CloudCredentials c, String routerId, String subnetId) {
        String action = "attach subnet " + subnetId + " to router " + routerId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            var i = Failures.present(action, os.networking().router().attachInterface(routerId, AttachInterfaceType.SUBNET, subnetId),
                    "router " + routerId);
            return new RouterInterfaceInfo(i.getId(), i.getSubnetId(), i.getPortId());
        });
    }

    /** Detaches a subnet; false when the router had no interface on it (already detached). */
    public boolean removeRouterInterface(CloudCredentials c, String routerId, String subnetId) {
        String action = "detach subnet " + subnetId + " from router " + routerId;
        OSClient.OSClientV3 os = client(c, action);
        try {
            Failures.call(action, () -> os.networking().router().detachInterface(routerId, subnetId, null));
            return true;
        } catch (CloudFailure f) {
            if (f.kind() == CloudFailure.Kind.NOT_FOUND) {
                return false;
            }
            throw f;
        }
    }

    /** The router's interface ports (device_owner network:router_interface). */
    public List<PortInfo> routerInterfaces(CloudCredentials c, String routerId) {
        String action = "list interfaces of router " + routerId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> os.networking().port()
                .list(PortListOptions.create().deviceId(routerId)
                        .deviceOwner("network:router_interface"))
                .stream().map(NetworkApi::port).toList());
    }

    public boolean deleteRouter(CloudCredentials c, String id) {
        String action = "delete router " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            ActionResults.doneOrGone(action, os.networking().router().delete(id));
            return os.networking().router().get(id) == null;
        });
    }

    // ---- ports

    public PortInfo createPort(CloudCredentials c, PortSpec spec) {
        String action = "create port " + spec.name();
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            PortBuilder b = Builders.port().name(spec.name()).networkId(spec.networkId()).adminState(true);
            if (spec.subnetId() != null || spec.address() != null) {
                b.fixedIp(spec.address(), spec.subnetId());
            }
            spec.securityGroupIds().forEach(b::securityGroup);
            return port(Failures.present(action, os.networking().port().create(b.build()), "port " + spec.name()));
        });
    }

    public PortInfo port(CloudCredentials c, String id) {
        String action = "read port " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> port(Failures.present(action, os.networking().port().get(id), "port " + id)));
    }

    public List<PortInfo> portsOfNetwork(CloudCredentials c, String networkId) {
        String action = "list ports of network " + networkId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> os.networking().port()
                .list(PortListOptions.create().networkId(networkId))
                .stream().map(NetworkApi::port).toList());
    }

    public List<PortInfo> portsOfDevice(CloudCredentials c, String deviceId) {
        String action = "list ports of device " + deviceId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> os.networking().port()
                .list(PortListOptions.create().deviceId(deviceId))
                .stream().map(NetworkApi::port).toList());
    }

    public Optional<PortInfo> findPort(CloudCredentials c, String name) {
        String action = "find port " + name;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> os.networking().port()
                .list(PortListOptions.create().name(name))
                .stream().map(NetworkApi::port).findFirst());
    }

    public boolean deletePort(CloudCredentials c, String id) {
        String action = "delete port " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            ActionResults.doneOrGone(action, os.networking().port().delete(id));
            return os.networking().port().get(id) == null;
        });
    }

    // ---- security groups

    public SecurityGroupInfo createSecurityGroup(CloudCredentials c, String name, String description) {
        String action = "create security group " + name;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> securityGroup(Failures.present(action, os.networking().securitygroup()
                .create(Builders.securityGroup().name(name).description(description == null ? "" : description).build()),
                "security group " + name)));
    }

    public List<SecurityGroupInfo> securityGroups(CloudCredentials c) {
        String action = "list security groups";
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> os.networking().securitygroup().list().stream()
                .map(NetworkApi::securityGroup).toList());
    }

    public Optional<SecurityGroupInfo> findSecurityGroup(CloudCredentials c, String name) {
        String action = "find security group " + name;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> os.networking().securitygroup()
                .list(Map.of("name", name)).stream().map(NetworkApi::securityGroup).findFirst());
    }

    public SecurityGroupInfo securityGroup(CloudCredentials c, String id) {
        String action = "read security group " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> securityGroup(Failures.present(action, os.networking().securitygroup().get(id),
                "security group " + id)));
    }

    public RuleInfo addRule(CloudCredentials c, String securityGroupId, RuleSpec spec) {
        String action = "add a " + spec.direction() + " rule to security group " + securityGroupId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            NetSecurityGroupRuleBuilder b = Builders.securityGroupRule().securityGroupId(securityGroupId)
                    .direction(spec.direction()).ethertype(spec.ethertype() == null ? "IPv4" : spec.ethertype());
            if (spec.protocol() != null) {
                b.protocol(spec.protocol());
            }
            if (spec.portMin() != null) {
                b.portRangeMin(spec.portMin());
            }
            if (spec.portMax() != null) {
                b.portRangeMax(spec.portMax());
            }
            if (spec.remoteIpPrefix() != null) {
                b.remoteIpPrefix(spec.remoteIpPrefix());
            }
            if (spec.remoteGroupId() != null) {
                b.remoteGroupId(spec.remoteGroupId());
            }
            return rule(Failures.present(action, os.networking().securityrule().create(b.build()), "security group " + securityGroupId));
        });
    }

    /** Deletes a rule; true when a read confirms it is gone (openstack4j answers nothing on this delete). */
    public boolean deleteRule(CloudCredentials c, String ruleId) {
        String action = "delete security group rule " + ruleId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            os.networking().securityrule().delete(ruleId);
            return os.networking().securityrule().get(ruleId) == null;
        });
    }

    public boolean deleteSecurityGroup(CloudCredentials c, String id) {
        String action = "delete security group " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            ActionResults.doneOrGone(action, os.networking().securitygroup().delete(id));
            return os.networking().securitygroup().get(id) == null;
        });
    }

    // ---- floating IPs

    public FloatingIpInfo createFloatingIp(CloudCredentials c, String externalNetworkId) {
        String action = "allocate a floating IP on network " + externalNetworkId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> floatingIp(Failures.present(action, os.networking().floatingip()
                .create(Builders.netFloatingIP().floatingNetworkId(externalNetworkId).build()), "network " + externalNetworkId)));
    }

    /**
     * A floating IP bound to a port at once, with a description: floating IPs have no name, so the description is
     * what finds one again after a lost answer ({@link #floatingIpsDescribed}).
     */
    public FloatingIpInfo createFloatingIp(CloudCredentials c, String externalNetworkId, String portId, String description) {
        String action = "allocate a floating IP on network " + externalNetworkId + " for port " + portId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> floatingIp(Failures.present(action, os.networking().floatingip()
                .create(Builders.netFloatingIP().floatingNetworkId(externalNetworkId).portId(portId)
                        .description(description).build()), "network " + externalNetworkId)));
    }

    /** The project's floating IPs with exactly this description. */
    public List<FloatingIpInfo> floatingIpsDescribed(CloudCredentials c, String description) {
        String action = "find floating IPs described " + description;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> os.networking().floatingip().list(Map.of("description", description)).stream()
                .map(NetworkApi::floatingIp).filter(f -> description.equals(f.description())).toList());
    }

    public FloatingIpInfo associateFloatingIp(CloudCredentials c, String floatingIpId, String portId) {
        String action = "associate floating IP " + floatingIpId + " with port " + portId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> floatingIp(Failures.present(action,
                os.networking().floatingip().associateToPort(floatingIpId, portId), "floating IP " + floatingIpId)));
    }

    public FloatingIpInfo disassociateFloatingIp(CloudCredentials c, String floatingIpId) {
        String action = "disassociate floating IP " + floatingIpId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> floatingIp(Failures.present(action,
                os.networking().floatingip().disassociateFromPort(floatingIpId), "floating IP " + floatingIpId)));
    }

    public List<FloatingIpInfo> floatingIps(CloudCredentials c) {
        String action = "list floating IPs";
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> os.networking().floatingip().list().stream()
                .map(NetworkApi::floatingIp).toList());
    }

    public FloatingIpInfo floatingIp(CloudCredentials c, String id) {
        String action = "read floating IP " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> floatingIp(Failures.present(action, os.networking().floatingip().get(id),
                "floating IP " + id)));
    }

    public boolean deleteFloatingIp(CloudCredentials c, String id) {
        String action = "delete floating IP " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            ActionResults.doneOrGone(action, os.networking().floatingip().delete(id));
            return os.networking().floatingip().get(id) == null;
        });
    }

    // ---- tags

    public void tag(CloudCredentials c, Taggable kind, String id, String tag) {
        String action = "tag " + label(kind) + " " + id + " with " + tag;
        OSClient.OSClientV3 os = client(c, action);
        Failures.run(action, () -> ActionResults.succeeded(action, os.networking().resourceTags().addSingle(resource(kind), id, tag)));
    }

    public void untag(CloudCredentials c, Taggable kind, String id, String tag) {
        String action = "remove tag " + tag + " from " + label(kind) + " " + id;
        OSClient.OSClientV3 os = client(c, action);
        Failures.run(action, () -> ActionResults.doneOrGone(action, os.networking().resourceTags().delete(resource(kind), id, tag)));
    }

    /** Replaces all tags of an object. */
    public List<String> setTags(CloudCredentials c, Taggable kind, String id, Collection<String> tags) {
        String action = "set the tags of " + label(kind) + " " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            NeutronResourceTag body = new NeutronResourceTag();
            body.setTags(new ArrayList<>(tags));
            return List.copyOf(Failures.present(action, os.networking().resourceTags().replace(resource(kind), id, body),
                    label(kind) + " " + id).getTags());
        });
    }

    public List<String> tags(CloudCredentials c, Taggable kind, String id) {
        String action = "read the tags of " + label(kind) + " " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> List.copyOf(Failures.present(action, os.networking().resourceTags()
                .list(resource(kind), id), label(kind) + " " + id).getTags()));
    }

    /** Ids of the objects of a kind that carry the tag (Neutron's {@code ?tags=} filter). */
    public List<String> tagged(CloudCredentials c, Taggable kind, String tag) {
        String collection = Resource.forValue(resource(kind));
        String action = "list " + collection + " tagged " + tag;
        client(c, action);
        return Failures.call(action, () -> {
            Map<String, Object> answer = new RawNeutron().get("/" + collection, Map.of("tags", tag, "fields", "id"));
            List<String> ids = new ArrayList<>();
            if (answer != null && answer.get(collection.replace('-', '_')) instanceof List<?> items) {
                items.forEach(i -> {
                    if (i instanceof Map<?, ?> m && m.get("id") != null) {
                        ids.add(m.get("id").toString());
                    }
                });
            }
            return ids;
        });
    }

    // ---- quotas

    /** Used, limit and reserved per Neutron resource for the session's project ({@code /quotas/{id}/details}). */
    public Map<String, QuotaUsage> quotaUsage(CloudCredentials c) {
        CloudSession session = sessions.open(c);
        String action = "read the network quota of project " + session.projectName();
        client(c, action);
        return Failures.call(action, () -> {
            Map<String, Object> answer = Failures.present(action,
                    new RawNeutron().get("/quotas/" + session.projectId() + "/details", Map.of()), "network quota");
            Map<String, QuotaUsage> out = new LinkedHashMap<>();
            if (answer.get("quota") instanceof Map<?, ?> quota) {
                quota.forEach((k, v) -> {
                    if (v instanceof Map<?, ?> d) {
                        out.put(k.toString(), new QuotaUsage(k.toString(), number(d.get("used")), number(d.get("limit")),
                                number(d.get("reserved"))));
                    }
                });
            }
            return out;
        });
    }

    // ---- mapping

    /** A client on this thread, after checking that the catalog offers the service (else a plain-words failure). */
    private OSClient.OSClientV3 client(CloudCredentials c, String action) {
        CloudSession session = sessions.open(c);
        session.requireService(SERVICE, action);
        return session.client();
    }

    private static NetworkInfo network(Network n) {
        return new NetworkInfo(n.getId(), n.getName(), n.getTenantId(), n.getStatus() == null ? null : n.getStatus().name(),
                n.isRouterExternal(), n.isShared(), n.getSubnets() == null ? List.of() : List.copyOf(n.getSubnets()));
    }

    private static SubnetInfo subnet(Subnet s) {
        return new SubnetInfo(s.getId(), s.getName(), s.getNetworkId(), s.getCidr(), s.getGateway(),
                s.getDnsNames() == null ? List.of() : List.copyOf(s.getDnsNames()), capacity(s.getAllocationPools()));
    }

    private static PortInfo port(Port p) {
        List<FixedIp> ips = p.getFixedIps() == null ? List.of() : p.getFixedIps().stream()
                .map(ip -> new FixedIp(ip.getSubnetId(), ip.getIpAddress())).toList();
        return new PortInfo(p.getId(), p.getName(), p.getNetworkId(), p.getDeviceId(), p.getDeviceOwner(),
                p.getState() == null ? null : p.getState().name(), p.getMacAddress(), ips,
                p.getSecurityGroups() == null ? List.of() : List.copyOf(p.getSecurityGroups()));
    }

    private static RouterInfo router(Router r) {
        return new RouterInfo(r.getId(), r.getName(), r.getStatus() == null ? null : r.getStatus().name(),
                r.getExternalGatewayInfo() == null ? null : r.getExternalGatewayInfo().getNetworkId());
    }

    private static SecurityGroupInfo securityGroup(SecurityGroup g) {
        return new SecurityGroupInfo(g.getId(), g.getName(), g.getDescription(),
                g.getRules() == null ? List.of() : g.getRules().stream().map(NetworkApi::rule).toList());
    }

    private static RuleInfo rule(SecurityGroupRule r) {
        return new RuleInfo(r.getId(), r.getSecurityGroupId(), r.getDirection(), r.getEtherType(), r.getProtocol(),
                r.getPortRangeMin(), r.getPortRangeMax(), r.getRemoteIpPrefix(), r.getRemoteGroupId());
    }

    private static FloatingIpInfo floatingIp(NetFloatingIP f) {
        return new FloatingIpInfo(f.getId(), f.getFloatingIpAddress(), f.getFloatingNetworkId(), f.getPortId(),
                f.getFixedIpAddress(), f.getStatus(), f.getDescription());
    }

    private static long capacity(List<? extends Pool> pools) {
        long n = 0;
        for (var p : pools == null ? List.<Pool>of() : pools) {
            n += toLong(p.getEnd()) - toLong(p.getStart()) + 1;
        }
        return n;
    }

    private static boolean inPools(List<? extends Pool> pools, String address) {
        long a = toLong(address);
        return pools != null && pools.stream().anyMatch(p -> toLong(p.getStart()) <= a && a <= toLong(p.getEnd()));
    }

    private static long toLong(String ipv4) {
        long a = 0;
        for (String part : ipv4.split("\\.")) {
            a = (a << 8) | Long.parseLong(part);
        }
        return a;
    }

    private static int number(Object o) {
        return o instanceof Number n ? n.intValue() : -1;
    }

    private static Resource resource(Taggable kind) {
        return switch (kind) {
            case NETWORK -> Resource.NETWORK;
            case SUBNET -> Resource.SUBNET;
            case PORT -> Resource.PORT;
            case ROUTER -> Resource.ROUTER;
            case SECURITY_GROUP -> Resource.SECURITY_GROUP;
            case FLOATING_IP -> Resource.FLOATING_IP;
        };
    }

    private static String label(Taggable kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /**
     * Neutron calls openstack4j has no method for (quota details, lists filtered by tag), made through its own
     * request machinery so that endpoint, token, timeouts and error handling stay the library's. Create it on the
     * thread that just asked the session for a client.
     */
    static final class RawNeutron extends BaseNetworkingServices {

        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Object> get(String path, Map<String, String> params) {
            Invocation<Map> invocation = get(Map.class, uri(path));
            params.forEach(invocation::param);
            return invocation.execute();
        }
    }
}
