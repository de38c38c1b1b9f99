package org.stackport.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.stackport.tunnel.HttpHead;
import org.stackport.tunnel.Pump;
import org.stackport.tunnel.TunnelStream;

/**
 * One agent gateway's tunnel as the console's clients see it: an HTTP CONNECT proxy on the loopback interface. Each
 * connection names its destination and is carried by one of the gateway's agents; a refusal is answered with 502 and
 * the reason in the status line, so the client's error says why (no agent connected, not in the allow-list, the
 * destination unreachable from inside the cloud).
 */
final class TunnelProxy implements AutoCloseable {

    interface Opener {
        TunnelStream open(String host, int port) throws IOException;
    }

    private final ServerSocket server;
    private final Opener opener;
    private final String name;

    TunnelProxy(String name, Opener opener) throws IOException {
        this.name = name;
        this.opener = opener;
        this.server = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("tunnel-proxy-" + name).start(this::acceptLoop);
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread.ofVirtual().name("tunnel-proxy-" + name + "-conn").start(() -> serve(client));
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serve(Socket client) {
        try {
            client.setTcpNoDelay(true);
            client.setSoTimeout(30_000);
            String requestLine = HttpHead.firstLine(client.getInputStream());
            String[] parts = requestLine.split(" ");
            if (parts.length != 3 || !"CONNECT".equals(parts[0])) {
                answer(client, 405, "only CONNECT is served here");
                client.close();
                return;
            }
            String authority = parts[1];
            int colon = authority.lastIndexOf(':');
            int port;
            try {
                port = Integer.parseInt(authority.substring(colon + 1));
            } catch (RuntimeException e) {
                answer(client, 400, "no port in " + authority);
                client.close();
                return;
            }
            String host = authority.substring(0, Math.max(colon, 0));
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            TunnelStream stream;
            try {
                stream = opener.open(host, port);
            } catch (IOException e) {
                answer(client, 502, e.getMessage());
                client.close();
                return;
            }
            client.setSoTimeout(0);
            client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
            Pump.bridge(client, stream);
        } catch (IOException e) {
            try {
                client.close();
            } catch (IOException ignored) {
                // gone
            }
        }
    }

    private static void answer(Socket client, int status, String reason) throws IOException {
        String phrase = reason == null ? "refused" : reason.replaceAll("[\\r\\n]+", " ");
        if (phrase.length() > 500) {
            phrase = phrase.substring(0, 500);
        }
        client.getOutputStream().write(("HTTP/1.1 " + status + " " + phrase + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        client.getOutputStream().flush();
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
    }
}
