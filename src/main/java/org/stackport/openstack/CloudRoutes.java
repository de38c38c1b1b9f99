package org.stackport.openstack;

import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Optional;

/**
 * How the console's connections reach a cloud (implemented by the gateway module, so that the adapter does not
 * depend on it). A route names the gateway an account reaches its cloud through; a direct gateway's route connects
 * directly, an agent gateway's goes through its tunnel, which the console offers as an HTTP CONNECT proxy on the
 * loopback interface. Every client (openstack4j's connector, the application-credential login, the Kubernetes
 * client) is given that proxy, so no call has a second code path for the tunnel.
 */
public interface CloudRoutes {

    /**
     * The proxy that carries the route's connections, or empty to connect directly.
     *
     * @throws CloudFailure {@code UNAVAILABLE} with the gateway's reason when it cannot carry any (no agent connected)
     */
    Optional<InetSocketAddress> proxy(String route);

    /** The cloud named these destinations ({@code host:port}, e.g. its catalog's endpoints): the route may carry them. */
    void allow(String route, Collection<String> destinations);

    /** {@code host:port} of a URL, with the scheme's default port. */
    static String destination(java.net.URI url) {
        int port = url.getPort() > 0 ? url.getPort() : "https".equalsIgnoreCase(url.getScheme()) ? 443 : 80;
        return url.getHost() + ":" + port;
    }
}
