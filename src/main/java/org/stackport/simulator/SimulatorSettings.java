package org.stackport.simulator;

import java.time.Duration;

/**
 * How the simulated cloud behaves in time.
 *
 * @param tokenTtl        lifetime of a Keystone token
 * @param serverBuild     BUILD → ACTIVE
 * @param volumeCreate    creating → available
 * @param loadBalancerCreate PENDING_CREATE → ACTIVE
 * @param loadBalancerUpdate PENDING_UPDATE → ACTIVE after a change of a child (listener, pool, member, monitor)
 * @param loadBalancerDelete PENDING_DELETE → gone
 * @param volumeDelete    deleting → gone
 * @param serverDelete    task_state deleting → gone (the server's ports and volumes are released at the end)
 * @param serverAction    a stop, start or reboot (task_state powering-off, powering-on, rebooting) → done
 * @param floatingIpActivate a floating IP's DOWN → ACTIVE after it is associated with a port (the L3 agent's work)
 * @param nodeReady       a Kubernetes node's NotReady → Ready after its server ran kubeadm (kubelet and network up)
 */
public record SimulatorSettings(Duration tokenTtl, Duration serverBuild, Duration volumeCreate,
                                Duration loadBalancerCreate, Duration loadBalancerUpdate, Duration loadBalancerDelete,
                                Duration volumeDelete, Duration serverDelete, Duration serverAction,
                                Duration floatingIpActivate, Duration nodeReady) {

    /** Settings from before nodes existed: a node takes as long to become Ready as a server to build. */
    public SimulatorSettings(Duration tokenTtl, Duration serverBuild, Duration volumeCreate, Duration loadBalancerCreate,
                             Duration loadBalancerUpdate, Duration loadBalancerDelete, Duration volumeDelete,
                             Duration serverDelete, Duration serverAction, Duration floatingIpActivate) {
        this(tokenTtl, serverBuild, volumeCreate, loadBalancerCreate, loadBalancerUpdate, loadBalancerDelete, volumeDelete,
                serverDelete, serverAction, floatingIpActivate, serverBuild);
    }

    /** For people: things take a few seconds, as in a small real cloud. */
    public static SimulatorSettings demo() {
        return new SimulatorSettings(Duration.ofHours(1), Duration.ofSeconds(4), Duration.ofSeconds(2),
                Duration.ofSeconds(8), Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    /** For tests with a manual clock: every transition takes one clock step of a second. */
    public static SimulatorSettings fast() {
        return new SimulatorSettings(Duration.ofHours(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));
    }
}
