package org.stackport.tunnel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;

/**
 * The gateway agent: dials out to the console (a WebSocket on the console's own port; nothing inbound is opened in
 * the private cloud), says who it is, and connects the streams the console opens to the destinations the console's
 * allow-list names, refusing anything else. It reconnects with backoff while it runs, and sends a heartbeat at a
 * fixed interval. The token is sent in the handshake's {@code Authorization} header and nowhere else.
 */
public final class GatewayAgent implements AutoCloseable {

    /** The version of the agent software in this jar; the console compares agents' versions with it. */
    public static final String VERSION = "1.1.0";
    public static final String PATH = "/gateway/agent/connect";

    /**
     * @param console   the console's base URL (http or https)
     * @param token     the gateway's agent token
     * @param info      what the agent says of itself (its version included)
     * @param heartbeat how often it says it again
     * @param tls       the TLS context for an https console (null: the JVM's trust store)
     * @param log       where the agent's few lines go (never the token)
     * @param localAddress the address its connections into the cloud come from (null: the system's choice)
     */
    public record Options(URI console, String token, AgentInfo info, Duration heartbeat, SSLContext tls,
                          Consumer<String> log, java.net.InetAddress localAddress) {

        public Options(URI console, String token, AgentInfo info, Duration heartbeat, SSLContext tls, Consumer<String> log) {
            this(console, token, info, heartbeat, tls, log, null);
        }
    }

    private final Options options;
    private final HttpClient http;
    private final Thread runner;
    private final AtomicLong relayed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final java.util.Map<String, AtomicLong> relayedTo = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile Set<String> allowed = Set.of();
    private volatile Link current;
    private volatile Instant connectedAt;

    private GatewayAgent(Options options) {
        this.options = options;
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor());
        if (options.tls() != null) {
            b.sslContext(options.tls());
        }
        this.http = b.build();
        this.runner = Thread.ofVirtual().name("gateway-agent").unstarted(this::runLoop);
    }

    /** Starts the agent on a thread of its own; {@link #close()} stops it. */
    public static GatewayAgent start(Options options) {
        GatewayAgent agent = new GatewayAgent(options);
        agent.runner.start();
        return agent;
    }

    public boolean connected() {
        Link l = current;
        return l != null && !l.mux.isClosed();
    }

    public AgentInfo info() {
        return options.info();
    }

    /** The address its connections into the cloud come from; null when the system chooses. */
    public java.net.InetAddress localAddress() {
        return options.localAddress();
    }

    /** Connections carried so far. */
    public long relayed() {
        return relayed.get();
    }

    /** Connections carried so far to one destination ({@code host:port}). */
    public long relayedTo(String destination) {
        AtomicLong n = relayedTo.get(destination);
        return n == null ? 0 : n.get();
    }

    /** Opens refused so far (destination outside the allow-list, or unreachable). */
    public long refused() {
        return refused.get();
    }

    /** Waits until the agent is connected, or the time is up. */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!connected() && System.nanoTime() < end) {
            Thread.sleep(20);
        }
        return connected();
    }

    /** Runs until the thread is interrupted: the command-line agent. */
    public void join() throws InterruptedException {
        runner.join();
    }

    @Override
    public void close() {
        running = false;
        Link l = current;
        if (l != null) {
            l.close("the agent is stopping");
        }
        runner.interrupt();
        try {
            runner.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
    }

    private void runLoop() {
        long backoff = 500;
        while (running) {
            try {
                Link link = connect();
                current = link;
                connectedAt = Instant.now();
                options.log().accept("connected to " + options.console() + " as node " + options.info().node());
                backoff = 500;
                link.closed.await();
                options.log().accept("disconnected: " + link.why);
            } catch (InterruptedException e) {
                break;
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    break;
                }
                options.log().accept("could not connect to " + options.console() + ": " + message(e));
            } finally {
                current = null;
            }
            try {
                Thread.sleep(backoff + (long) (Math.random() * backoff / 2));
            } catch (InterruptedException e) {
                break;
            }
            backoff = Math.min(backoff * 2, 15_000);
        }
    }

    private Link connect() throws IOException, InterruptedException {
        URI base = options.console();
        String scheme = "https".equalsIgnoreCase(base.getScheme()) ? "wss" : "ws";
        URI uri = URI.create(scheme + "://" + base.getRawAuthority() + stripSlash(base.getRawPath()) + PATH);
        Link link = new Link();
        try {
            WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + options.token())
                    .buildAsync(uri, link).get(20, TimeUnit.SECONDS);
            link.ws = ws;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof java.net.http.WebSocketHandshakeException h) {
                int status = h.getResponse().statusCode();
                throw new IOException(status == 401 || status == 403
                        ? "the console refused the gateway token (HTTP " + status + "); is it the current one?"
                        : "the console refused the connection (HTTP " + status + ")");
            }
            throw new IOException(message(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("the console did not answer within 20 s");
        }
        link.mux.sendLink(Frame.HELLO, options.info().encode());
        Thread.ofVirtual().name("gateway-agent-heartbeat").start(() -> heartbeats(link));
        return link;
    }

    private void heartbeats(Link link) {
        while (running && !link.mux.isClosed()) {
            try {
                Thread.sleep(options.heartbeat().toMillis());
                link.mux.sendLink(Frame.HEARTBEAT, options.info().encode());
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                link.close("heartbeat failed: " + e.getMessage());
                return;
            }
        }
    }

    private void connectStream(Mux mux, TunnelStream stream) {
        String destination = stream.destination();
        if (!allowed.contains(destination)) {
            refused.incrementAndGet();
            options.log().accept("refused a connection to " + destination + ": not in the allow-list");
            mux.refuse(stream, destination + " is not in the gateway's allow-list");
            return;
        }
        int colon = destination.lastIndexOf(':');
        String host = destination.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            if (options.localAddress() != null) {
                socket.bind(new InetSocketAddress(options.localAddress(), 0));
            }
            socket.connect(new InetSocketAddress(host, Integer.parseInt(destination.substring(colon + 1))), 10_000);
        } catch (IOException | RuntimeException e) {
            refused.incrementAndGet();
            mux.refuse(stream, "the gateway could not connect to " + destination + ": " + message(e));
            closeQuietly(socket);
            return;
        }
        try {
            mux.accept(stream);
        } catch (IOException e) {
            closeQuietly(socket);
            return;
        }
        relayed.incrementAndGet();
        relayedTo.computeIfAbsent(destination, d -> new AtomicLong()).incrementAndGet();
        Pump.bridge(socket, stream);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    private static String stripSlash(String path) {
        return path == null ? "" : path.replaceAll("/+$", "");
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** One WebSocket to the console and the mux over it. */
    private final class Link implements WebSocket.Listener {

        final Mux mux;
        final CountDownLatch closed = new CountDownLatch(1);
        volatile WebSocket ws;
        volatile String why = "closed";
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        Link() {
            this.mux = new Mux(frame -> {
                try {
                    ws.sendBinary(frame, true).get(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while sending");
                } catch (ExecutionException | TimeoutException e) {
                    throw new IOException("could not send to the console: " + message(e.getCause() == null ? e : e.getCause()));
                }
            }, new Mux.Listener() {
                @Override
                public void onLinkFrame(Frame frame) {
                    if (frame.type() == Frame.ALLOW) {
                        allowed = Set.of(frame.text().lines().map(String::strip).filter(s -> !s.isEmpty())
                                .distinct().toArray(String[]::new));
                    }
                }

                @Override
                public void onOpen(Mux mux, TunnelStream stream) {
                    Thread.ofVirtual().name("gateway-agent-stream-" + stream.id()).start(() -> connectStream(mux, stream));
                }
            });
        }

        void close(String reason) {
            why = reason;
            mux.close(reason);
            WebSocket w = ws;
            if (w != null) {
                w.abort();
            }
            closed.countDown();
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            ws = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            if (!last || partial.size() > 0) {
                byte[] chunk = new byte[data.remaining()];
                data.get(chunk);
                partial.writeBytes(chunk);
                if (last) {
                    byte[] whole = partial.toByteArray();
                    partial.reset();
                    mux.receive(ByteBuffer.wrap(whole));
                }
            } else {
                mux.receive(data);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            close("the console closed the link (" + statusCode + (reason.isEmpty() ? "" : ": " + reason) + ")");
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            close("the link failed: " + message(error));
        }
    }
}
