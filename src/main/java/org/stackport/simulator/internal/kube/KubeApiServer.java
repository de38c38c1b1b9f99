package org.stackport.simulator.internal.kube;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * The TLS face of one cluster's API on one address (a floating IP, port 6443): JDK HTTPS that requires a client
 * certificate chaining to the cluster's CA (any other, or none, ends the handshake), one virtual thread per
 * request, and {@link KubeApi} behind it. {@code beforeEach} lets the simulated cloud catch up with its clock first,
 * so a node that became Ready by now is Ready in the answer.
 */
final class KubeApiServer implements AutoCloseable {

    private final HttpsServer server;
    private final ExecutorService executor;

    KubeApiServer(String host, int port, SSLContext tls, KubeApi api, Runnable beforeEach) throws IOException {
        server = HttpsServer.create(new InetSocketAddress(host, port), 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                p.setNeedClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", ex -> exchange(ex, api, beforeEach));
        server.start();
    }

    private static void exchange(HttpExchange ex, KubeApi api, Runnable beforeEach) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            beforeEach.run();
            KubeApi.Answer a;
            try {
                a = api.handle(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
                        ex.getRequestHeaders().getFirst("Accept"), ex.getRequestHeaders().getFirst("Content-Type"), body);
            } catch (RuntimeException e) {
                a = KubeApi.Answer.json(500, KubeApi.status(500, "InternalError", "simulated API: " + e, null, null));
            }
            ex.getResponseHeaders().set("Content-Type", a.contentType());
            ex.getResponseHeaders().set("Cache-Control", "no-cache, private");
            ex.sendResponseHeaders(a.status(), a.body().length == 0 ? -1 : a.body().length);
            if (a.body().length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(a.body());
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
