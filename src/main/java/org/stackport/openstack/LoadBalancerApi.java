package org.stackport.openstack;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.openstack4j.api.Builders;
import org.openstack4j.api.OSClient;
import org.openstack4j.model.octavia.HealthMonitorType;
import org.openstack4j.model.octavia.HealthMonitorV2;
import org.openstack4j.model.octavia.LbMethod;
import org.openstack4j.model.octavia.LbPoolV2;
import org.openstack4j.model.octavia.LbProvisioningStatus;
import org.openstack4j.model.octavia.ListenerProtocol;
import org.openstack4j.model.octavia.ListenerV2;
import org.openstack4j.model.octavia.LoadBalancerV2;
import org.openstack4j.model.octavia.MemberV2;
import org.openstack4j.model.octavia.Protocol;
import org.openstack4j.openstack.octavia.domain.ListItem;
import org.openstack4j.openstack.octavia.internal.BaseOctaviaServices;
import org.springframework.stereotype.Component;

/**
 * Octavia: load balancers and their listeners, pools, members and health monitors. Octavia works
 * asynchronously: a load balancer is PENDING_CREATE, then ACTIVE; each change of a child makes it
 * PENDING_UPDATE, during which further changes fail as BUSY ("immutable"). Nothing here waits or sleeps;
 * callers poll {@link #loadBalancer} and retry BUSY failures with backoff. openstack4j reports a DELETE
 * answered 429/503 as success, so every delete is confirmed by a read and says whether the object is gone.
 */
@Component
public class LoadBalancerApi {

    private static final String SERVICE = "load-balancer";

    public record LoadBalancerInfo(String id, String name, String provisioningStatus, String operatingStatus,
                                   String vipAddress, String vipPortId, String vipSubnetId, List<String> listenerIds) {

        public boolean active() {
            return "ACTIVE".equals(provisioningStatus);
        }

        public boolean failed() {
            return "ERROR".equals(provisioningStatus);
        }

        public boolean pending() {
            return provisioningStatus != null && provisioningStatus.startsWith("PENDING");
        }
    }

    /** (openstack4j cannot read a listener's load balancers: its model misses Octavia's "loadbalancers" field) */
    public record ListenerInfo(String id, String name, String protocol, int port, String defaultPoolId) {
    }

    public record PoolInfo(String id, String name, String protocol, String algorithm, List<String> listenerIds,
                           List<String> memberIds, String healthMonitorId) {
    }

    public record MemberInfo(String id, String address, int port, String subnetId, int weight) {
    }

    public record HealthMonitorInfo(String id, String type, int delaySeconds, int timeoutSeconds, int maxRetries,
                                    List<String> poolIds) {
    }

    /** The session project's load balancers against its Octavia limit; a limit of -1 means unlimited. */
    public record Quota(int loadBalancersUsed, int loadBalancersLimit) {
    }

    private final CloudSessions sessions;

    public LoadBalancerApi(CloudSessions sessions) {
        this.sessions = sessions;
    }

    // ---- load balancers

    /** Starts creating a load balancer with its VIP on a subnet; it is PENDING_CREATE until Octavia is done. */
    public LoadBalancerInfo createLoadBalancer(CloudCredentials c, String name, String vipSubnetId) {
        String action = "create load balancer " + name;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> loadBalancer(Failures.present(action, os.octavia().loadBalancerV2().create(
                Builders.octavia().loadBalancerV2().name(name).subnetId(vipSubnetId).adminStateUp(true).build()),
                "subnet " + vipSubnetId)));
    }

    public LoadBalancerInfo loadBalancer(CloudCredentials c, String id) {
        String action = "read load balancer " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> loadBalancer(Failures.present(action, os.octavia().loadBalancerV2().get(id),
                "load balancer " + id)));
    }

    public Optional<LoadBalancerInfo> findLoadBalancer(CloudCredentials c, String name) {
        String action = "find load balancer " + name;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> os.octavia().loadBalancerV2().list(Map.of("name", name))
                .stream().map(LoadBalancerApi::loadBalancer).findFirst());
    }

    public List<LoadBalancerInfo> loadBalancers(CloudCredentials c) {
        String action = "list load balancers";
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> os.octavia().loadBalancerV2().list().stream()
                .map(LoadBalancerApi::loadBalancer).toList());
    }

    /**
     * Deletes a load balancer with everything on it (cascade) and its VIP port. Safe to call again: a load
     * balancer already PENDING_DELETE is left alone. Returns true once a read finds it gone; while Octavia is
     * still deleting it returns false (call again later). A load balancer in PENDING_CREATE/UPDATE fails BUSY.
     */
    public boolean deleteLoadBalancer(CloudCredentials c, String id) {
        String action = "delete load balancer " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            var lb = os.octavia().loadBalancerV2().get(id);
            if (lb == null) {
                return true;
            }
            if (lb.getProvisioningStatus() != LbProvisioningStatus.PENDING_DELETE) {
                ActionResults.doneOrGone(action, os.octavia().loadBalancerV2().cascadeDelete(id));
            }
            return os.octavia().loadBalancerV2().get(id) == null;
        });
    }

    /** True when a read answers 404. */
    public boolean isGone(CloudCredentials c, String id) {
        String action = "read load balancer " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> os.octavia().loadBalancerV2().get(id) == null);
    }

    /**
     * How many load balancers the session's project has and may have. openstack4j has no Octavia quota call, so
     * the limit is read from {@code /v2/lbaas/quotas/{project_id}}; the usage is counted from the project's list
     * (Octavia's quota answer carries no usage), PENDING_DELETE ones included as Octavia counts them.
     */
    public Quota quota(CloudCredentials c) {
        CloudSession session = sessions.open(c);
        String action = "read the load balancer quota of project " + session.projectName();
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            Map<String, Object> answer = Failures.present(action,
                    new RawOctavia().get("/lbaas/quotas/" + session.projectId()), "load balancer quota");
            Map<?, ?> quota = answer.get("quota") instanceof Map<?, ?> m ? m : Map.of();
            // Octavia renamed load_balancer to loadbalancer (Rocky); clouds answer with either or both
            Object limit = quota.containsKey("loadbalancer") ? quota.get("loadbalancer") : quota.get("load_balancer");
            if (!(limit instanceof Number n)) {
                throw new CloudFailure(CloudFailure.Kind.UNAVAILABLE, action, 200,
                        "the answer has no load balancer limit", null, null);
            }
            int used = os.octavia().loadBalancerV2().list(Map.of("project_id", session.projectId())).size();
            return new Quota(used, n.intValue());
        });
    }

    // ---- listeners

    /** A listener; protocol HTTP, HTTPS, TCP or TERMINATED_HTTPS. */
    public ListenerInfo createListener(CloudCredentials c, String loadBalancerId, String name, String protocol, int port) {
        ListenerProtocol p = ListenerProtocol.valueOf(protocol.toUpperCase(Locale.ROOT));
        String action = "create listener " + name + " (" + protocol + " " + port + ") on load balancer " + loadBalancerId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> listener(Failures.present(action, os.octavia().listenerV2().create(
                Builders.octavia().listenerV2().loadBalancerId(loadBalancerId).name(name).protocol(p).protocolPort(port)
                        .adminStateUp(true).build()), "load balancer " + loadBalancerId)));
    }

    public List<ListenerInfo> listeners(CloudCredentials c, String loadBalancerId) {
        String action = "list listeners of load balancer " + loadBalancerId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> os.octavia().listenerV2()
                .list(Map.of("loadbalancer_id", loadBalancerId)).stream().map(LoadBalancerApi::listener).toList());
    }

    public boolean deleteListener(CloudCredentials c, String id) {
        String action = "delete listener " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            if (os.octavia().listenerV2().get(id) != null) {
                ActionResults.doneOrGone(action, os.octavia().listenerV2().delete(id));
            }
            return os.octavia().listenerV2().get(id) == null;
        });
    }

    // ---- pools and members

    /** The default pool of a listener; protocol HTTP, HTTPS, PROXY or TCP; algorithm e.g. ROUND_ROBIN. */
    public PoolInfo createPool(CloudCredentials c, String listenerId, String name, String protocol, String algorithm) {
        Protocol p = Protocol.valueOf(protocol.toUpperCase(Locale.ROOT));
        LbMethod m = LbMethod.valueOf(algorithm.toUpperCase(Locale.ROOT));
        String action = "create pool " + name + " on listener " + listenerId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> pool(Failures.present(action, os.octavia().lbPoolV2().create(
                Builders.octavia().lbPoolV2().listenerId(listenerId).name(name).protocol(p).lbMethod(m).adminStateUp(true)
                        .build()), "listener " + listenerId)));
    }

    public List<PoolInfo> pools(CloudCredentials c, String loadBalancerId) {
        String action = "list pools of load balancer " + loadBalancerId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> os.octavia().lbPoolV2()
                .list(Map.of("loadbalancer_id", loadBalancerId)).stream().map(LoadBalancerApi::pool).toList());
    }

    public PoolInfo pool(CloudCredentials c, String id) {
        String action = "read pool " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> pool(Failures.present(action, os.octavia().lbPoolV2().get(id), "pool " + id)));
    }

    /** Deletes a pool with its members and health monitor; true once a read finds it gone. */
    public boolean deletePool(CloudCredentials c, String id) {
        String action = "delete pool " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            if (os.octavia().lbPoolV2().get(id) != null) {
                ActionResults.doneOrGone(action, os.octavia().lbPoolV2().delete(id));
            }
            return os.octavia().lbPoolV2().get(id) == null;
        });
    }

    public MemberInfo addMember(CloudCredentials c, String poolId, String address, int port, String subnetId) {
        String action = "add member " + address + ":" + port + " to pool " + poolId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            var b = Builders.octavia().memberV2().address(address).protocolPort(port).adminStateUp(true);
            if (subnetId != null) {
                b.subnetId(subnetId);
            }
            return member(Failures.present(action, os.octavia().lbPoolV2().createMember(poolId, b.build()), "pool " + poolId));
        });
    }

    public List<MemberInfo> members(CloudCredentials c, String poolId) {
        String action = "list members of pool " + poolId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            Failures.present(action, os.octavia().lbPoolV2().get(poolId), "pool " + poolId);
            return os.octavia().lbPoolV2().listMembers(poolId).stream().map(LoadBalancerApi::member).toList();
        });
    }

    public boolean removeMember(CloudCredentials c, String poolId, String memberId) {
        String action = "remove member " + memberId + " from pool " + poolId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            if (os.octavia().lbPoolV2().getMember(poolId, memberId) != null) {
                ActionResults.doneOrGone(action, os.octavia().lbPoolV2().deleteMember(poolId, memberId));
            }
            return os.octavia().lbPoolV2().getMember(poolId, memberId) == null;
        });
    }

    // ---- health monitors

    /** A health monitor of a pool; type PING, TCP, HTTP or HTTPS; HTTP ones probe GET / for 200. */
    public HealthMonitorInfo createHealthMonitor(CloudCredentials c, String poolId, String type, int delaySeconds,
                                                 int timeoutSeconds, int maxRetries) {
        HealthMonitorType t = HealthMonitorType.valueOf(type.toUpperCase(Locale.ROOT));
        String action = "create a " + type + " health monitor on pool " + poolId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            var b = Builders.octavia().healthMonitorV2().poolId(poolId).type(t).delay(delaySeconds).timeout(timeoutSeconds)
                    .maxRetries(maxRetries).adminStateUp(true);
            if (t == HealthMonitorType.HTTP || t == HealthMonitorType.HTTPS) {
                b.httpMethod("GET").urlPath("/").expectedCodes("200");
            }
            return healthMonitor(Failures.present(action, os.octavia().healthMonitorV2().create(b.build()), "pool " + poolId));
        });
    }

    public List<HealthMonitorInfo> healthMonitors(CloudCredentials c, String poolId) {
        String action = "list health monitors of pool " + poolId;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> os.octavia().healthMonitorV2()
                .list(Map.of("pool_id", poolId)).stream().map(LoadBalancerApi::healthMonitor).toList());
    }

    public boolean deleteHealthMonitor(CloudCredentials c, String id) {
        String action = "delete health monitor " + id;
        OSClient.OSClientV3 os = client(c, action);
        return Failures.call(action, () -> {
            if (os.octavia().healthMonitorV2().get(id) != null) {
                ActionResults.doneOrGone(action, os.octavia().healthMonitorV2().delete(id));
            }
            return os.octavia().healthMonitorV2().get(id) == null;
        });
    }

    // ---- mapping

    /** A client on this thread, after checking that the catalog offers the service (else a plain-words failure). */
    private OSClient.OSClientV3 client(CloudCredentials c, String action) {
        CloudSession session = sessions.open(c);
        session.requireService(SERVICE, action);
        return session.client();
    }

    private static LoadBalancerInfo loadBalancer(LoadBalancerV2 lb) {
        return new LoadBalancerInfo(lb.getId(), lb.getName(),
                lb.getProvisioningStatus() == null ? null : lb.getProvisioningStatus().name(),
                lb.getOperatingStatus() == null ? null : lb.getOperatingStatus().name(),
                lb.getVipAddress(), lb.getVipPortId(), lb.getVipSubnetId(), ids(lb.getListeners()));
    }

    private static ListenerInfo listener(ListenerV2 l) {
        return new ListenerInfo(l.getId(), l.getName(), l.getProtocol() == null ? null : l.getProtocol().name(),
                l.getProtocolPort() == null ? 0 : l.getProtocolPort(), l.getDefaultPoolId());
    }

    private static PoolInfo pool(LbPoolV2 p) {
        return new PoolInfo(p.getId(), p.getName(), p.getProtocol() == null ? null : p.getProtocol().name(),
                p.getLbMethod() == null ? null : p.getLbMethod().name(), ids(p.getListeners()), ids(p.getMembers()),
                p.getHealthMonitorId());
    }

    private static MemberInfo member(MemberV2 m) {
        return new MemberInfo(m.getId(), m.getAddress(), m.getProtocolPort() == null ? 0 : m.getProtocolPort(),
                m.getSubnetId(), m.getWeight() == null ? 1 : m.getWeight());
    }

    private static HealthMonitorInfo healthMonitor(HealthMonitorV2 h) {
        return new HealthMonitorInfo(h.getId(), h.getType() == null ? null : h.getType().name(),
                h.getDelay() == null ? 0 : h.getDelay(), h.getTimeout() == null ? 0 : h.getTimeout(),
                h.getMaxRetries() == null ? 0 : h.getMaxRetries(), ids(h.getPools()));
    }

    private static List<String> ids(List<? extends ListItem> items) {
        return items == null ? List.of() : items.stream().map(ListItem::getId).toList();
    }

    /**
     * Octavia calls openstack4j has no method for (the quota), made through its own request machinery so that
     * endpoint, token, timeouts and error handling stay the library's. Create it on the thread that just asked the
     * session for a client.
     */
    static final class RawOctavia extends BaseOctaviaServices {

        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Object> get(String path) {
            Invocation<Map> invocation = get(Map.class, uri(path));
            return invocation.execute();
        }
    }
}
