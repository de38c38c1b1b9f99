package org.stackport.openstack;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.SocketFactory;
import okhttp3.Dns;

/**
 * Sockets that reach their destination through a gateway's tunnel: each connects to the tunnel's loopback proxy and
 * asks it, with HTTP CONNECT, for the destination; from then on it is the destination's connection, so plain HTTP
 * and TLS both run over it unchanged. Host names are resolved at the far end (inside the cloud), hence {@link #DNS}.
 */
final class TunnelSocketFactory extends SocketFactory {

    /** One factory per proxy, so okhttp pools connections per route. */
    private static final Map<InetSocketAddress, TunnelSocketFactory> FACTORIES = new ConcurrentHashMap<>();

    /** Leaves names unresolved: the agent resolves them inside the cloud. */
    static final Dns DNS = host -> List.of(InetAddress.getByAddress(host, new byte[] {0, 0, 0, 0}));

    private final InetSocketAddress proxy;

    private TunnelSocketFactory(InetSocketAddress proxy) {
        this.proxy = proxy;
    }

    static TunnelSocketFactory of(InetSocketAddress proxy) {
        return FACTORIES.computeIfAbsent(proxy, TunnelSocketFactory::new);
    }

    @Override
    public Socket createSocket() {
        return new TunnelSocket(proxy);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(InetSocketAddress.createUnresolved(host, port));
        return s;
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        Socket s = createSocket();
        s.connect(new InetSocketAddress(host, port));
        return s;
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return createSocket(address, port);
    }

    /** A plain socket to the proxy that has asked it for the destination before anyone uses it. */
    static final class TunnelSocket extends Socket {

        private final InetSocketAddress proxy;

        TunnelSocket(InetSocketAddress proxy) {
            this.proxy = proxy;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress target)) {
                throw new IOException("not an internet address: " + endpoint);
            }
            super.connect(proxy, timeout);
            String host = target.getHostString();
            String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + target.getPort();
            int before = getSoTimeout();
            setSoTimeout(timeout > 0 ? Math.max(timeout, 30_000) : 30_000);
            try {
                OutputStream out = getOutputStream();
                out.write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                String status = org.stackport.tunnel.HttpHead.firstLine(getInputStream());
                if (!status.startsWith("HTTP/1.1 200") && !status.startsWith("HTTP/1.0 200")) {
                    close();
                    String reason = status.length() > 13 ? status.substring(13).strip() : status;
                    throw new java.net.ConnectException(reason);
                }
            } finally {
                if (!isClosed()) {
                    setSoTimeout(before);
                }
            }
        }
    }
}
