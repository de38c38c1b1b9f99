package org.stackport.provisioning;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.stackport.openstack.CloudFailure;
import org.stackport.openstack.LoadBalancerApi;
import org.stackport.openstack.NetworkApi;
import org.stackport.provisioning.internal.Ledger;

/**
 * The delete phase (abort, delete, force delete's last sweep): everything in the ledger goes, in reverse order and
 * wider than what the cluster made (provisioning.md §3): first the load balancers the cloud controller made for the
 * cluster's Services and their floating IPs; then the API's floating IP; load balancers (with everything on them)
 * and servers; ports; the router's interface, the router, subnet and network; security groups and server groups.
 * A resource is gone only once a read finds nothing. A Neutron "in use" names the blocker and is looked at again.
 */
final class Teardown {

    private static final Duration POLL = Duration.ofSeconds(5);
    private static final Duration BLOCKED = Duration.ofSeconds(10);

    private Teardown() {
    }

    /** Lower ranks go first; a rank starts when every resource of the ranks before it is gone. */
    static int rank(String kind) {
        return switch (kind) {
            case "floating IP" -> 0;
            case "load balancer", "server", "listener", "pool", "health monitor", "pool member" -> 1;
            case "port" -> 2;
            case "router interface" -> 3;
            case "router" -> 4;
            case "subnet" -> 5;
            default -> 6; // network, security group, server group
        };
    }

    /** Resources on a load balancer go with it (cascade). */
    static boolean underLoadBalancer(String kind) {
        return List.of("listener", "pool", "health monitor", "pool member").contains(kind);
    }

    /**
     * The cloud controller's load balancers for the cluster's Services (named {@code kube_service_<cluster>_...}) and
     * the floating IPs on their VIPs block the network's delete: they join the ledger to be removed first.
     */
    static Outcome sweep(Ctx x) {
        LoadBalancerApi lbs = x.apis.loadBalancers();
        String prefix = x.names.cloudControllerLoadBalancers();
        List<LoadBalancerApi.LoadBalancerInfo> found = lbs.loadBalancers(x.cloud).stream()
                .filter(lb -> lb.name() != null && lb.name().startsWith(prefix)).toList();
        if (found.isEmpty()) {
            return Outcome.done("no load balancers made by the cluster's cloud controller");
        }
        List<String> vipPorts = found.stream().map(LoadBalancerApi.LoadBalancerInfo::vipPortId).toList();
        for (var fip : x.apis.network().floatingIps(x.cloud)) {
            if (fip.portId() != null && vipPorts.contains(fip.portId())) {
                x.ledger.adopt(x.id(), "ccm-fip/" + fip.id(), "floating IP", fip.address(), fip.id(), "on a Service's load balancer");
            }
        }
        found.forEach(lb -> x.ledger.adopt(x.id(), "ccm-lb/" + lb.id(), "load balancer", lb.name(), lb.id(),
                "made by the cluster's cloud controller"));
        return Outcome.done(found.size() + " load balancer(s) of the cluster's Services to remove first");
    }

    /** One look at removing one resource: Done when a read finds it gone. */
    static Outcome remove(Ctx x, Ledger.Resource r) {
        if (underLoadBalancer(r.kind())) {
            Ledger.Resource lb = x.row("lb");
            if (lb == null || lb.gone() || lb.cloudId() == null) {
                x.record(r.key(), null, Ledger.GONE, "removed with its load balancer");
                return Outcome.done(r.kind() + " " + r.name() + " removed with its load balancer");
            }
            return Outcome.waitFor(POLL, "goes with load balancer " + lb.name());
        }
        String id = r.cloudId();
        if (id == null) {
            Optional<String> found = adopt(x, r);
            if (found.isEmpty()) {
                x.record(r.key(), null, Ledger.GONE, "never made");
                return Outcome.done(r.kind() + " " + r.name() + " was never made");
            }
            id = found.get();
            x.record(r.key(), id, Ledger.CREATED, "found by its name");
        }
        boolean gone;
        try {
            gone = delete(x, r, id);
        } catch (CloudFailure f) {
            if (f.kind() == CloudFailure.Kind.NOT_FOUND) {
                gone = true;
            } else if (f.kind() == CloudFailure.Kind.CONFLICT || f.kind() == CloudFailure.Kind.BUSY) {
                String blocker = blockers(x, r);
                x.record(r.key(), id, Ledger.DELETING, "in use" + blocker);
                return Outcome.waitFor(BLOCKED, r.kind() + " " + r.name() + " is still in use: " + f.cloudMessage() + blocker);
            } else {
                throw f;
            }
        }
        if (gone) {
            x.record(r.key(), id, Ledger.GONE, "deleted");
            return Outcome.done(r.kind() + " " + r.name() + " deleted");
        }
        x.record(r.key(), id, Ledger.DELETING, "deleting");
        return Outcome.waitFor(POLL, r.kind() + " " + r.name() + " is being deleted");
    }

    private static boolean delete(Ctx x, Ledger.Resource r, String id) {
        NetworkApi net = x.apis.network();
        return switch (r.kind()) {
            case "floating IP" -> net.deleteFloatingIp(x.cloud, id);
            case "load balancer" -> x.apis.loadBalancers().deleteLoadBalancer(x.cloud, id);
            case "server" -> Ledger.DELETING.equals(r.state())
                    ? x.apis.compute().getServer(x.cloud, id).isEmpty() || x.apis.compute().deleteServer(x.cloud, id)
                    : x.apis.compute().deleteServer(x.cloud, id);
            case "port" -> net.deletePort(x.cloud, id);
            case "router interface" -> {
                Ledger.Resource router = x.row("router");
                Ledger.Resource subnet = x.row("subnet");
                if (router == null || router.cloudId() == null || subnet == null || subnet.cloudId() == null) {
                    yield true;
                }
                yield net.removeRouterInterface(x.cloud, router.cloudId(), subnet.cloudId());
            }
            case "router" -> net.deleteRouter(x.cloud, id);
            case "subnet" -> net.deleteSubnet(x.cloud, id);
            case "network" -> net.deleteNetwork(x.cloud, id);
            case "security group" -> net.deleteSecurityGroup(x.cloud, id);
            case "server group" -> x.apis.compute().deleteServerGroup(x.cloud, id);
            default -> throw new IllegalStateException("no way to delete a " + r.kind());
        };
    }

    /** An intended resource without an id: a lost answer may have made it; find it by its exact name. */
    private static Optional<String> adopt(Ctx x, Ledger.Resource r) {
        NetworkApi net = x.apis.network();
        return switch (r.kind()) {
            case "floating IP" -> Deploy.one(net.floatingIpsDescribed(x.cloud, x.names.floatingIpDescription()),
                    "floating IP").map(NetworkApi.FloatingIpInfo::id);
            case "load balancer" -> x.apis.loadBalancers().findLoadBalancer(x.cloud, r.name()).map(LoadBalancerApi.LoadBalancerInfo::id);
            case "server" -> Deploy.one(x.apis.compute().serversNamed(x.cloud, r.name()), "server " + r.name()).map(s -> s.id());
            case "port" -> net.findPort(x.cloud, r.name()).map(NetworkApi.PortInfo::id);
            case "router" -> net.findRouter(x.cloud, r.name()).map(NetworkApi.RouterInfo::id);
            case "network" -> net.findNetwork(x.cloud, r.name()).map(NetworkApi.NetworkInfo::id);
            case "subnet" -> {
                Ledger.Resource network = x.row("network");
                yield network == null || network.cloudId() == null ? Optional.empty()
                        : net.findSubnet(x.cloud, network.cloudId(), r.name()).map(NetworkApi.SubnetInfo::id);
            }
            case "security group" -> net.findSecurityGroup(x.cloud, r.name()).map(NetworkApi.SecurityGroupInfo::id);
            case "server group" -> x.apis.compute().findServerGroupByName(x.cloud, r.name()).map(g -> g.id());
            case "router interface" -> {
                Ledger.Resource router = x.row("router");
                Ledger.Resource subnet = x.row("subnet");
                if (router == null || router.cloudId() == null || subnet == null || subnet.cloudId() == null) {
                    yield Optional.empty();
                }
                yield net.routerInterfaces(x.cloud, router.cloudId()).stream()
                        .filter(p -> p.fixedIps().stream().anyMatch(f -> subnet.cloudId().equals(f.subnetId())))
                        .map(NetworkApi.PortInfo::id).findFirst();
            }
            default -> Optional.empty();
        };
    }

    /** What keeps a subnet or network in use: the ports on it that Stackport did not make, by id and owner. */
    private static String blockers(Ctx x, Ledger.Resource r) {
        if (!"network".equals(r.kind()) && !"subnet".equals(r.kind())) {
            return "";
        }
        Ledger.Resource network = x.row("network");
        if (network == null || network.cloudId() == null) {
            return "";
        }
        List<String> ours = x.rows().values().stream().filter(v -> v.cloudId() != null).map(Ledger.Resource::cloudId).toList();
        List<String> others = x.apis.network().portsOfNetwork(x.cloud, network.cloudId()).stream()
                .filter(p -> !ours.contains(p.id()))
                .filter(p -> p.deviceOwner() == null || !p.deviceOwner().equals("network:dhcp"))
                .map(p -> "port " + p.id() + (p.name() == null || p.name().isBlank() ? "" : " (" + p.name() + ")")
                        + " owned by " + (p.deviceOwner() == null || p.deviceOwner().isBlank() ? "nobody" : p.deviceOwner())
                        + (p.deviceId() == null || p.deviceId().isBlank() ? "" : " " + p.deviceId()))
                .toList();
        return others.isEmpty() ? "" : "; blocked by " + String.join(", ", others)
                + " — remove it, or force delete the cluster after 15 minutes";
    }
}
