package org.stackport.simulator;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code stackport.simulator.*}: the embedded OpenStack that a new user's first start (and every test) uses.
 *
 * @param enabled  start it with the application (default true)
 * @param port     its loopback port (default 5000; 0 picks a free one, which is logged)
 * @param tls      serve HTTPS with a certificate from a CA generated at start (default false: plain HTTP)
 */
@ConfigurationProperties("stackport.simulator")
public record SimulatorProperties(Boolean enabled, Integer port, Duration tokenTtl, Duration serverBuild,
                                  Duration volumeCreate, Duration loadBalancerCreate, Duration loadBalancerUpdate,
                                  Duration loadBalancerDelete, Duration volumeDelete, Boolean tls,
                                  Duration serverDelete, Duration serverAction, Duration floatingIpActivate) {

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
        tls = tls != null && tls;
    }

    public SimulatorSettings settings() {
        return new SimulatorSettings(tokenTtl, serverBuild, volumeCreate, loadBalancerCreate, loadBalancerUpdate,
                loadBalancerDelete, volumeDelete, serverDelete, serverAction, floatingIpActivate);
    }
}
