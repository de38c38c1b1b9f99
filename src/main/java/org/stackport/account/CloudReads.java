package org.stackport.account;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.stackport.openstack.CloudCredentials;
import org.stackport.openstack.CloudFailure;
import org.stackport.openstack.ComputeApi;
import org.stackport.openstack.IdentityApi;
import org.stackport.openstack.ImageApi;
import org.stackport.openstack.LoadBalancerApi;
import org.stackport.openstack.NetworkApi;
import org.stackport.openstack.VolumeApi;

/** The safe read calls behind a cloud account's permission report and inventory. */
@Component
class CloudReads {

    private final IdentityApi identity;
    private final ComputeApi compute;
    private final NetworkApi network;
    private final LoadBalancerApi loadBalancers;
    private final VolumeApi volumes;
    private final ImageApi images;

    CloudReads(IdentityApi identity, ComputeApi compute, NetworkApi network, LoadBalancerApi loadBalancers,
               VolumeApi volumes, ImageApi images) {
        this.identity = identity;
        this.compute = compute;
        this.network = network;
        this.loadBalancers = loadBalancers;
        this.volumes = volumes;
        this.images = images;
    }

    /**
     * One check per permission the cluster lifecycle needs, each by a read that changes nothing. The Cinder
     * checks are the seed's "OpenStack Cloud Account Permissions" that a read can prove.
     */
    List<ValidationReport.Check> permissionChecks(CloudCredentials c) {
        List<ValidationReport.Check> checks = new ArrayList<>();
        check(checks, "identity", "identity:list_user_projects", () -> identity.projects(c).size() + " project(s)");
        check(checks, "compute", "os_compute_api:os-flavor-manage (list flavors)", () -> compute.flavors(c).size() + " flavor(s)");
        check(checks, "compute", "os_compute_api:servers:detail", () -> compute.servers(c).size() + " server(s)");
        check(checks, "compute", "os_compute_api:os-keypairs:index", () -> compute.keypairs(c).size() + " key pair(s)");
        check(checks, "compute", "os_compute_api:os-server-groups:index", () -> compute.serverGroups(c).size() + " server group(s)");
        check(checks, "compute", "os_compute_api:limits", () -> {
            var l = compute.limits(c);
            return l.instancesUsed() + " of " + l.instancesMax() + " instances used";
        });
        check(checks, "network", "get_network", () -> network.networks(c).size() + " network(s)");
        check(checks, "network", "get_security_group", () -> network.securityGroups(c).size() + " security group(s)");
        check(checks, "network", "get_floatingip", () -> network.floatingIps(c).size() + " floating IP(s)");
        check(checks, "network", "get_quota", () -> network.quotaUsage(c).size() + " quota(s)");
        check(checks, "load-balancer", "os_load-balancer_api:loadbalancer:get_all", () -> loadBalancers.loadBalancers(c).size() + " load balancer(s)");
        check(checks, "volumev3", "volume:get_all", () -> volumes.list(c).size() + " volume(s)");
        check(checks, "volumev3", "limits_extension:used_limits", () -> {
            var l = volumes.limits(c);
            return l.volumesUsed() + " of " + l.volumesMax() + " volumes, " + l.gigabytesUsed() + " of " + l.gigabytesMax() + " GiB used";
        });
        check(checks, "volumev3", "volume_extension:volume_type_access", () -> volumes.volumeTypes(c).size() + " volume type(s)");
        check(checks, "image", "get_images", () -> images.list(c).size() + " image(s)");
        return checks;
    }

    private static void check(List<ValidationReport.Check> checks, String service, String permission, Supplier<String> read) {
        try {
            checks.add(new ValidationReport.Check(service, permission, true, read.get()));
        } catch (CloudFailure f) {
            checks.add(new ValidationReport.Check(service, permission, false, f.getMessage()));
        }
    }

    /**
     * Used and limit for the resources a cluster consumes: Nova's limits, Cinder's limits, Neutron's quota
     * details and Octavia's quota. A source the account may not read is reported as unavailable, not as zero.
     */
    Quota quota(CloudCredentials c) {
        List<Quota.Item> items = new ArrayList<>();
        try {
            var l = compute.limits(c);
            items.add(new Quota.Item("instances", "Instances", "", l.instancesUsed(), l.instancesMax(), null));
            items.add(new Quota.Item("cores", "vCPUs", "", l.coresUsed(), l.coresMax(), null));
            items.add(new Quota.Item("ram", "RAM", "MiB", l.ramUsedMiB(), l.ramMaxMiB(), null));
            items.add(new Quota.Item("serverGroups", "Server groups", "", compute.serverGroups(c).size(), l.serverGroupsMax(), null));
            // a limit per server group, not a total: "used" stays 0 and the preflight compares each pool's size with it
            items.add(new Quota.Item("serverGroupMembers", "Servers per server group", "", 0, l.serverGroupMembersMax(), null));
        } catch (CloudFailure f) {
            for (String[] r : new String[][] {{"instances", "Instances", ""}, {"cores", "vCPUs", ""}, {"ram", "RAM", "MiB"},
                    {"serverGroups", "Server groups", ""}, {"serverGroupMembers", "Servers per server group", ""}}) {
                items.add(new Quota.Item(r[0], r[1], r[2], 0, -1, f.getMessage()));
            }
        }
        try {
            var l = volumes.limits(c);
            items.add(new Quota.Item("volumes", "Volumes", "", l.volumesUsed(), l.volumesMax(), null));
            items.add(new Quota.Item("gigabytes", "Volume storage", "GiB", l.gigabytesUsed(), l.gigabytesMax(), null));
        } catch (CloudFailure f) {
            items.add(new Quota.Item("volumes", "Volumes", "", 0, -1, f.getMessage()));
            items.add(new Quota.Item("gigabytes", "Volume storage", "GiB", 0, -1, f.getMessage()));
        }
        String[][] neutron = {{"network", "networks", "Networks"}, {"port", "ports", "Ports"},
                {"floatingip", "floatingIps", "Floating IPs"}, {"security_group", "securityGroups", "Security groups"}};
        try {
            var usage = network.quotaUsage(c);
            for (String[] r : neutron) {
                var u = usage.get(r[0]);
                items.add(u == null ? new Quota.Item(r[1], r[2], "", 0, -1, "Neutron reports no quota for " + r[0])
                        : new Quota.Item(r[1], r[2], "", u.used(), u.limit(), null));
            }
        } catch (CloudFailure f) {
            for (String[] r : neutron) {
                items.add(new Quota.Item(r[1], r[2], "", 0, -1, f.getMessage()));
            }
        }
        try {
            var q = loadBalancers.quota(c);
            items.add(new Quota.Item("loadBalancers", "Load balancers", "", q.loadBalancersUsed(), q.loadBalancersLimit(), null));
        } catch (CloudFailure f) {
            items.add(new Quota.Item("loadBalancers", "Load balancers", "", 0, -1, f.getMessage()));
        }
        return new Quota(items);
    }

    Inventory inventory(CloudCredentials c) {
        var subnets = network.subnets(c, null).stream()
                .map(s -> new Inventory.Subnet(s.id(), s.name(), s.networkId(), s.cidr(), network.freeAddresses(c, s.id())))
                .toList();
        return new Inventory(
                identity.domains(c).stream().map(IdentityApi.Named::name).toList(),
                identity.regions(c).stream().map(IdentityApi.Named::id).toList(),
                identity.projects(c).stream().map(IdentityApi.Named::name).toList(),
                network.networks(c).stream().map(n -> new Inventory.Network(n.id(), n.name(), n.external())).toList(),
                subnets,
                compute.flavors(c).stream().map(f -> new Inventory.Flavor(f.id(), f.name(), f.vcpus(), f.ramMiB(), f.diskGiB())).toList(),
                compute.availabilityZones(c),
                compute.keypairs(c).stream().map(k -> k.name()).toList(),
                images.list(c).stream().map(i -> new Inventory.Image(i.id(), i.name(), i.minDiskGiB())).toList());
    }
}
