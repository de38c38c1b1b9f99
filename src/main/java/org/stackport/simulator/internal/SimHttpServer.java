package org.stackport.simulator.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The HTTP face: JDK HttpServer (or HttpsServer) on loopback, one virtual thread per request. For each request: match the
 * route, apply fault rules, check the token, run the handler under the world's lock, journal the outcome.
 */
public final class SimHttpServer {

    private static final Logger log = LoggerFactory.getLogger(SimHttpServer.class);

    private final World world;
    private final Router router;
    private final Faults faults;
    private final Journal journal;
    private HttpServer server;
    private ExecutorService executor;
    private volatile String scheme = "http";

    public SimHttpServer(World world, Router router, Faults faults, Journal journal) {
        this.world = world;
        this.router = router;
        this.faults = faults;
        this.journal = journal;
    }

    public int start(int port) throws IOException {
        return start(port, null);
    }

    /** Serves HTTPS with this context when it is not null, else plain HTTP. */
    public int start(int port, SSLContext tls) throws IOException {
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        if (tls == null) {
            server = HttpServer.create(address, 512);
        } else {
            HttpsServer https = HttpsServer.create(address, 512);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        this.scheme = tls == null ? "http" : "https";
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
        server.start();
        return server.getAddress().getPort();
    }

    public void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void exchange(HttpExchange ex) throws IOException {
        long started = System.nanoTime();
        String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
        String path = ex.getRequestURI().getRawPath();
        String routeKey = method + " " + path;
        String fired = null;
        SimResponse response;
        try {
            boolean[] pathMatched = new boolean[1];
            Optional<Router.Match> match = router.match(method, path, pathMatched);
            if (match.isEmpty()) {
                response = error(ErrorFormat.forPath(path, pathMatched[0] ? 405 : 404,
                        pathMatched[0] ? "The method is not allowed for the requested URL." : "The resource could not be found."));
            } else {
                Router.Route route = match.get().route();
                routeKey = route.key();
                Optional<Faults.Rule> rule = faults.fire(method, route.template());
                fired = rule.map(Faults.Rule::describe).orElse(null);
                response = handle(ex, method, path, match.get(), rule.orElse(null));
            }
        } catch (ServiceError e) {
            response = error(e);
        } catch (RuntimeException e) {
            log.warn("Simulator failed on {} {}", method, path, e);
            response = error(ErrorFormat.forPath(path, 500, "An unexpected error occurred: " + e.getClass().getSimpleName()));
        }
        // journaled before the answer leaves, so a client that reads the journal next always finds it
        journal.add(new Journal.Entry(world.now(), method, path, routeKey, response.status(),
                (System.nanoTime() - started) / 1000, fired,
                ex.getRemoteAddress() == null ? null : ex.getRemoteAddress().getAddress().getHostAddress()));
        write(ex, path, response);
    }

    /** A client that says it will close the connection is told the server closes it too (as real services do). */
    private static boolean closing(HttpExchange ex) {
        String connection = ex.getRequestHeaders().getFirst("Connection");
        return connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
    }

    private SimResponse handle(HttpExchange ex, String method, String path, Router.Match match, Faults.Rule rule) throws ServiceError {
        if (rule != null) {
            sleep(rule.delay());
            switch (rule.kind()) {
                case FAIL -> {
                    return error(rule.body() != null ? new ServiceError(rule.status(), rule.body(), "injected")
                            : ErrorFormat.forPath(path, rule.status(), ErrorFormat.title(rule.status())));
                }
                case UNAUTHORIZED -> {
                    return error(ServiceError.unauthorized());
                }
                case RATE_LIMIT -> {
                    ServiceError e = ErrorFormat.forPath(path, 429, "Rate limit exceeded, retry later.");
                    return new SimResponse(429, e.body(), Map.of("Retry-After", String.valueOf(Math.max(1, rule.status()))));
                }
                default -> {
                    // LATENCY already waited; GHOST kinds run the handler first
                }
            }
        }
        Token token = null;
        if (match.route().authenticated()) {
            token = world.validToken(ex.getRequestHeaders().getFirst("X-Auth-Token")).orElseThrow(ServiceError::unauthorized);
        }
        JsonNode body = readBody(ex, path);
        Map<String, List<String>> query;
        try {
            query = query(ex);
        } catch (IllegalArgumentException malformed) {
            throw ErrorFormat.forPath(path, 400, "Malformed query string: " + malformed.getMessage());
        }
        SimRequest request = new SimRequest(method, path, match.route().key(), match.params(), query,
                headers(ex, scheme), body, token);
        SimResponse response = world.locked(() -> match.route().handler().handle(request));
        if (rule != null && rule.kind() == Faults.Kind.GHOST) {
            return error(ErrorFormat.forPath(path, rule.status() > 0 ? rule.status() : 500, "Internal Server Error"));
        }
        if (rule != null && rule.kind() == Faults.Kind.GHOST_TIMEOUT) {
            sleep(rule.latencyMax() == null ? Duration.ofSeconds(60) : rule.latencyMax());
        }
        return response;
    }

    private static SimResponse error(ServiceError e) {
        return SimResponse.status(e.status(), e.body());
    }

    private static JsonNode readBody(HttpExchange ex, String path) {
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length == 0) {
                return null;
            }
            return Json.parse(bytes);
        } catch (IOException | JacksonException e) {
            throw ErrorFormat.forPath(path, 400, "Malformed request body.");
        }
    }

    private static Map<String, List<String>> query(HttpExchange ex) {
        Map<String, List<String>> q = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return q;
    }

    private static Map<String, String> headers(HttpExchange ex, String scheme) {
        Map<String, String> h = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.getFirst()));
        h.put(SimRequest.SCHEME, scheme);
        return h;
    }

    private static void write(HttpExchange ex, String path, SimResponse response) throws IOException {
        // one request id per answer, under both of Nova's names on compute paths (errors and faults included)
        String requestId = response.headers().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase("x-compute-request-id")).map(Map.Entry::getValue).findFirst()
                .orElse("req-" + World.uuid());
        response.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("x-compute-request-id")) {
                ex.getResponseHeaders().add(k, v);
            }
        });
        if (path.startsWith("/compute")) {
            ex.getResponseHeaders().set("x-compute-request-id", requestId);
        }
        if (closing(ex)) {
            ex.getResponseHeaders().set("Connection", "close");
        }
        ex.getResponseHeaders().set("X-Openstack-Request-Id", requestId);
        if (response.body() == null || response.status() == 204) {
            ex.sendResponseHeaders(response.status(), -1);
            ex.close();
            return;
        }
        byte[] bytes = Json.bytes(response.body());
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(Duration d) {
        if (d == null || d.isZero()) {
            return;
        }
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
