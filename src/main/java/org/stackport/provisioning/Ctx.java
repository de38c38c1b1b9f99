package org.stackport.provisioning;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.stackport.cluster.ClusterLifecycle;
import org.stackport.openstack.CloudCredentials;
import org.stackport.openstack.ServerInfo;
import org.stackport.provisioning.internal.Ledger;

/**
 * What a step sees during one pass: the cluster, the cloud, the ledger as read at the pass's start (and as the step
 * updates it) and the facts. Steps of one pass run in parallel; the ledger map is concurrent.
 */
final class Ctx {

    final ClusterLifecycle.Work work;
    final Names names;
    final CloudCredentials cloud;
    final Apis apis;
    final Ledger ledger;
    final ClusterLifecycle lifecycle;
    final Clock clock;
    final Bootstrap bootstrap;
    volatile Facts facts;
    volatile Bootstrap.Material material;
    private final Map<String, Ledger.Resource> resources = new ConcurrentHashMap<>();
    private volatile List<ServerInfo> servers;

    Ctx(ClusterLifecycle.Work work, CloudCredentials cloud, Apis apis, Ledger ledger, ClusterLifecycle lifecycle,
        Clock clock, Facts facts, Bootstrap bootstrap) {
        this.bootstrap = bootstrap;
        this.work = work;
        this.names = new Names(work.uid());
        this.cloud = cloud;
        this.apis = apis;
        this.ledger = ledger;
        this.lifecycle = lifecycle;
        this.clock = clock;
        this.facts = facts;
        ledger.resources(work.id()).forEach(r -> resources.put(r.key(), r));
    }

    private static final ThreadLocal<Integer> ATTEMPTS = ThreadLocal.withInitial(() -> 0);

    /** Runs a step's look with its journal's attempt count at hand ({@link #attempts()}). */
    static <T> T withAttempts(int attempts, java.util.function.Supplier<T> look) {
        ATTEMPTS.set(attempts);
        try {
            return look.get();
        } finally {
            ATTEMPTS.remove();
        }
    }

    /** How many times the running step was tried again after a failure in the cloud. */
    int attempts() {
        return ATTEMPTS.get();
    }

    long id() {
        return work.id();
    }

    Ledger.Resource row(String key) {
        return resources.get(key);
    }

    Map<String, Ledger.Resource> rows() {
        return resources;
    }

    /** The cloud id of a resource the step depends on (it is there: the step's needs are done). */
    String idOf(String key) {
        Ledger.Resource r = resources.get(key);
        if (r == null || r.cloudId() == null) {
            throw new IllegalStateException("no cloud id for " + key + " although the steps needing it ran");
        }
        return r.cloudId();
    }

    void intend(String key, String kind, String name) {
        ledger.intend(id(), key, kind, name);
        resources.putIfAbsent(key, new Ledger.Resource(key, kind, name, null, Ledger.INTENDED, null, Long.MAX_VALUE));
    }

    void record(String key, String cloudId, String state, String detail) {
        ledger.record(id(), key, cloudId, state, detail);
        resources.computeIfPresent(key, (k, r) -> new Ledger.Resource(k, r.kind(), r.name(),
                cloudId == null ? r.cloudId() : cloudId, state, detail, r.seq()));
    }

    /** Back to "intended" without an id: the resource was deleted (e.g. after ERROR) and is to be made again. */
    void forget(String key) {
        ledger.reset(id(), key);
        resources.computeIfPresent(key, (k, r) -> new Ledger.Resource(k, r.kind(), r.name(), null, Ledger.INTENDED,
                null, r.seq()));
    }

    /** The account's gateway tunnel (a loopback proxy) that may carry connections to {@code destination}; empty when direct. */
    java.util.Optional<java.net.InetSocketAddress> tunnelTo(String destination) {
        return apis.sessions().proxyFor(cloud, destination);
    }

    /** The control plane's address: the floating IP when it has one, else the load balancer's VIP; port 6443. */
    String endpoint() {
        Ledger.Resource fip = resources.get("fip");
        Ledger.Resource lb = resources.get("lb");
        String host = fip != null && fip.detail() != null && !fip.gone() ? fip.detail() : lb == null ? null : lb.detail();
        if (host == null) {
            throw new IllegalStateException("the cluster has no control-plane address yet");
        }
        return host + ":6443";
    }

    /** All of the cluster's servers in one listing per pass (poll lists, not items). */
    synchronized List<ServerInfo> servers() {
        if (servers == null) {
            servers = apis.compute().serversNamedFrom(cloud, names.prefix() + "-");
        }
        return servers;
    }

    synchronized void serversChanged() {
        servers = null;
    }
}
