package org.stackport.tunnel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two ends of a tunnel link wired back to back in memory (each frame delivered in order on a thread of its own, as
 * a WebSocket does), the far end connecting streams to a real TCP echo server.
 */
class MuxTest {

    ServerSocket echo;
    Mux console;
    Mux agent;
    final AtomicLong framesToAgent = new AtomicLong();
    final AtomicLong bytesInFlightMax = new AtomicLong();

    @BeforeEach
    void link() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            s.getInputStream().transferTo(s.getOutputStream());
                        } catch (IOException ignored) {
                            // closed
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        BlockingQueue<ByteBuffer> toAgent = new LinkedBlockingQueue<>();
        BlockingQueue<ByteBuffer> toConsole = new LinkedBlockingQueue<>();
        console = new Mux(f -> toAgent.add(copy(f)), new Mux.Listener() {
        });
        agent = new Mux(f -> toConsole.add(copy(f)), new Mux.Listener() {
            @Override
            public void onOpen(Mux mux, TunnelStream stream) {
                Thread.ofVirtual().start(() -> {
                    if (!stream.destination().endsWith(":" + echo.getLocalPort())) {
                        mux.refuse(stream, stream.destination() + " is not in the gateway's allow-list");
                        return;
                    }
                    try {
                        Socket s = new Socket(InetAddress.getLoopbackAddress(), echo.getLocalPort());
                        mux.accept(stream);
                        Pump.bridge(s, stream);
                    } catch (IOException e) {
                        mux.refuse(stream, e.getMessage());
                    }
                });
            }
        });
        deliver(toAgent, agent, true);
        deliver(toConsole, console, false);
    }

    void deliver(BlockingQueue<ByteBuffer> queue, Mux to, boolean count) {
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    ByteBuffer b = queue.take();
                    if (count) {
                        framesToAgent.incrementAndGet();
                    }
                    to.receive(b);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    static ByteBuffer copy(ByteBuffer b) {
        ByteBuffer c = ByteBuffer.allocate(b.remaining());
        c.put(b.duplicate()).flip();
        return c;
    }

    @AfterEach
    void close() throws IOException {
        echo.close();
    }

    @Test
    void eight_megabytes_go_through_and_back_unchanged_while_the_reader_sets_the_pace() throws Exception {
        byte[] data = new byte[8 * 1024 * 1024];
        new Random(7).nextBytes(data);
        TunnelStream s = console.open("127.0.0.1", echo.getLocalPort(), 5000);
        ByteArrayOutputStream back = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                byte[] buf = new byte[7000];
                int n;
                InputStream in = s.input();
                while ((n = in.read(buf)) >= 0) {
                    back.write(buf, 0, n);
                    if (back.size() < 1024 * 1024) {
                        Thread.sleep(1); // a slow reader at first: the writer waits for credit, nothing piles up
                    }
                }
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        OutputStream out = s.output();
        for (int off = 0; off < data.length; off += 100_000) {
            out.write(data, off, Math.min(100_000, data.length - off));
        }
        s.closeOutput();
        reader.join(30_000);
        assertThat(back.size()).isEqualTo(data.length);
        assertThat(MessageDigest.getInstance("SHA-256").digest(back.toByteArray()))
                .isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
        assertThat(console.openStreams()).as("an ended stream is forgotten").isZero();
    }

    @Test
    void many_streams_run_at_once_over_one_link() throws Exception {
        Thread[] threads = new Thread[20];
        byte[][] answers = new byte[threads.length][];
        for (int i = 0; i < threads.length; i++) {
            int n = i;
            threads[i] = Thread.ofVirtual().start(() -> {
                try (TunnelStream s = console.open("127.0.0.1", echo.getLocalPort(), 5000)) {
                    byte[] msg = ("stream " + n + " ").repeat(5000).getBytes();
                    Thread w = Thread.ofVirtual().start(() -> {
                        try {
                            s.output().write(msg);
                            s.closeOutput();
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    answers[n] = s.input().readAllBytes();
                    w.join();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        for (int i = 0; i < threads.length; i++) {
            assertThat(new String(answers[i])).isEqualTo(("stream " + i + " ").repeat(5000));
        }
    }

    @Test
    void a_refused_open_throws_the_far_ends_reason() {
        assertThatThrownBy(() -> console.open("10.1.2.3", 22, 5000)).isInstanceOf(IOException.class)
                .hasMessage("10.1.2.3:22 is not in the gateway's allow-list");
        assertThat(console.openStreams()).isZero();
    }

    @Test
    void when_the_link_goes_every_stream_ends_with_the_reason_and_nothing_more_opens() throws Exception {
        TunnelStream s = console.open("127.0.0.1", echo.getLocalPort(), 5000);
        console.close("the agent's link closed");
        assertThatThrownBy(() -> s.input().read()).isInstanceOf(IOException.class)
                .hasMessageContaining("the agent's link closed");
        assertThatThrownBy(() -> s.output().write(1)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> console.open("127.0.0.1", echo.getLocalPort(), 5000)).isInstanceOf(IOException.class)
                .hasMessage("the agent's link closed");
    }

    @Test
    void frames_and_agent_info_survive_their_encoding() {
        Frame f = Frame.text(Frame.OPEN, 42, "10.0.0.1:6443");
        Frame back = Frame.decode(f.encode());
        assertThat(back.type()).isEqualTo(Frame.OPEN);
        assertThat(back.stream()).isEqualTo(42);
        assertThat(back.text()).isEqualTo("10.0.0.1:6443");
        AgentInfo info = new AgentInfo("gw-node-1", "10.0.0.5", "az1\nforged=1", "1.1.0");
        assertThat(AgentInfo.decode(info.encode())).isEqualTo(new AgentInfo("gw-node-1", "10.0.0.5", "az1 forged=1", "1.1.0"));
        assertThatThrownBy(() -> Frame.decode(ByteBuffer.allocate(3))).isInstanceOf(IllegalArgumentException.class);
    }
}
