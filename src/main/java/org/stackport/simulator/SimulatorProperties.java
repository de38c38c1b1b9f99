package org.stackport.simulator;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * {@code stackport.simulator.*}: the embedded OpenStack that a new user's first start (and every test) uses.
 *
 * @param enabled  start it with the application (default true)
 * @param port     its loopback port (default 5000; 0 picks a free one, which is logged)
 * @param tls      serve HTTPS with a certificate from a CA generated at start (default false: plain HTTP)
 * @param nodeReady how long a simulated Kubernetes node stays NotReady after its server ran kubeadm
 * @param floatingIpRange the external network's CIDR, a /24 or larger inside 127.0.0.0/8 so that floating IPs
 *                 (and the simulated Kubernetes APIs on them) are reachable from this machine; default derived
 *                 from the port, 127.{port / 256}.{port % 256}.0/24, so simulators on different ports never share one
 */
@ConfigurationProperties("stackport.simulator")
public record SimulatorProperties(Boolean enabled, Integer port, Duration tokenTtl, Duration serverBuild,
                                  Duration volumeCreate, Duration loadBalancerCreate, Duration loadBalancerUpdate,
                                  Duration loadBalancerDelete, Duration volumeDelete, Boolean tls,
                                  Duration serverDelete, Duration serverAction, Duration floatingIpActivate,
                                  Duration nodeReady, String floatingIpRange) {

    /** The properties from before nodes existed (for callers that build them by hand). */
    public SimulatorProperties(Boolean enabled, Integer port, Duration tokenTtl, Duration serverBuild,
                               Duration volumeCreate, Duration loadBalancerCreate, Duration loadBalancerUpdate,
                               Duration loadBalancerDelete, Duration volumeDelete, Boolean tls, Duration serverDelete,
                               Duration serverAction, Duration floatingIpActivate) {
        this(enabled, port, tokenTtl, serverBuild, volumeCreate, loadBalancerCreate, loadBalancerUpdate,
                loadBalancerDelete, volumeDelete, tls, serverDelete, serverAction, floatingIpActivate, null, null);
    }

    @ConstructorBinding
    public SimulatorProperties {
        SimulatorSettings demo = SimulatorSettings.demo();
        enabled = enabled == null || enabled;
        port = port == null ? 5000 : port;
        tokenTtl = tokenTtl == null ? demo.tokenTtl() : tokenTtl;
        serverBuild = serverBuild == null ? demo.serverBuild() : serverBuild;
        volumeCreate = volumeCreate == null ? demo.volumeCreate() : volumeCreate;
        loadBalancerCreate = loadBalancerCreate == null ? demo.loadBalancerCreate() : loadBalancerCreate;
        loadBalancerUpdate = loadBalancerUpdate == null ? demo.loadBalancerUpdate() : loadBalancerUpdate;
        loadBalancerDelete = loadBalancerDelete == null ? demo.loadBalancerDelete() : loadBalancerDelete;
        volumeDelete = volumeDelete == null ? demo.volumeDelete() : volumeDelete;
        serverDelete = serverDelete == null ? demo.serverDelete() : serverDelete;
        serverAction = serverAction == null ? demo.serverAction() : serverAction;
        floatingIpActivate = floatingIpActivate == null ? demo.floatingIpActivate() : floatingIpActivate;
        nodeReady = nodeReady == null ? demo.nodeReady() : nodeReady;
        floatingIpRange = floatingIpRange == null || floatingIpRange.isBlank() ? null : floatingIpRange;
        tls = tls != null && tls;
    }

    public SimulatorSettings settings() {
        return new SimulatorSettings(tokenTtl, serverBuild, volumeCreate, loadBalancerCreate, loadBalancerUpdate,
                loadBalancerDelete, volumeDelete, serverDelete, serverAction, floatingIpActivate, nodeReady);
    }
}
