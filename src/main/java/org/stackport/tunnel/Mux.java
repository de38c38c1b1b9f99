package org.stackport.tunnel;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Many TCP connections over one tunnel link (one WebSocket), at either end. The console opens streams; the agent
 * answers each open by connecting (or refusing). Frames are sent one at a time, as a WebSocket requires; frames
 * received are dispatched to their stream without blocking, so one slow connection never holds up the others.
 */
public final class Mux {

    /** Sends one frame as one binary message; called under the mux's send lock. */
    public interface Sink {
        void send(ByteBuffer frame) throws IOException;
    }

    /** What arrives on the link that is not a stream's bytes. */
    public interface Listener {

        /** A link frame: hello, heartbeat or allow-list. Must not block. */
        default void onLinkFrame(Frame frame) {
        }

        /** The peer asks to open a stream: {@link #accept} or {@link #refuse} it, later and on another thread if slow. */
        default void onOpen(Mux mux, TunnelStream stream) {
            mux.refuse(stream, "this end of the tunnel opens no connections");
        }

        /** The peer refused one of our opens. */
        default void onRefused(String destination, String why) {
        }
    }

    private final Sink sink;
    private final Listener listener;
    private final ReentrantLock sending = new ReentrantLock();
    private final Map<Integer, TunnelStream> streams = new ConcurrentHashMap<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private volatile String closed;

    public Mux(Sink sink, Listener listener) {
        this.sink = sink;
        this.listener = listener;
    }

    /** Asks the peer to connect a new stream to {@code host:port}; returns once connected, else throws why not. */
    public TunnelStream open(String host, int port, long timeoutMillis) throws IOException {
        String destination = host + ":" + port;
        TunnelStream stream = new TunnelStream(this, nextId.getAndIncrement(), destination, false);
        if (closed != null) {
            throw new IOException(closed);
        }
        streams.put(stream.id(), stream);
        try {
            send(Frame.text(Frame.OPEN, stream.id(), destination));
            stream.awaitOpen(timeoutMillis);
        } catch (IOException e) {
            streams.remove(stream.id());
            throw e;
        }
        return stream;
    }

    public void accept(TunnelStream stream) throws IOException {
        send(new Frame(Frame.OPENED, stream.id(), new byte[0]));
    }

    public void refuse(TunnelStream stream, String why) {
        streams.remove(stream.id());
        sendQuietly(Frame.text(Frame.REFUSED, stream.id(), why));
    }

    /** Handles one message received on the link. */
    public void receive(ByteBuffer message) {
        Frame f;
        try {
            f = Frame.decode(message);
        } catch (IllegalArgumentException e) {
            return;
        }
        if (f.stream() == 0) {
            listener.onLinkFrame(f);
            return;
        }
        if (f.type() == Frame.OPEN) {
            if (closed == null && !streams.containsKey(f.stream())) {
                TunnelStream stream = new TunnelStream(this, f.stream(), f.text(), true);
                streams.put(stream.id(), stream);
                listener.onOpen(this, stream);
            }
            return;
        }
        TunnelStream stream = streams.get(f.stream());
        if (stream == null) {
            return;
        }
        switch (f.type()) {
            case Frame.OPENED -> stream.opened("");
            case Frame.REFUSED -> {
                streams.remove(f.stream());
                String why = f.text().isEmpty() ? "refused" : f.text();
                stream.opened(why);
                listener.onRefused(stream.destination(), why);
            }
            case Frame.DATA -> stream.received(f.payload());
            case Frame.WINDOW -> stream.credited(f.credit());
            case Frame.CLOSE -> stream.endOfInput();
            case Frame.RESET -> stream.resetByPeer(f.text());
            default -> {
                // a frame type of a later version: ignored
            }
        }
    }

    /** Sends a link frame (stream 0). */
    public void sendLink(byte type, String text) throws IOException {
        send(Frame.text(type, 0, text));
    }

    void send(Frame frame) throws IOException {
        if (closed != null) {
            throw new IOException(closed);
        }
        sending.lock();
        try {
            sink.send(frame.encode());
        } catch (IOException | RuntimeException e) {
            close("the tunnel link failed: " + e.getMessage());
            throw e instanceof IOException io ? io : new IOException(e);
        } finally {
            sending.unlock();
        }
    }

    void sendQuietly(Frame frame) {
        try {
            send(frame);
        } catch (IOException e) {
            // the link is gone; every stream has been reset with the reason
        }
    }

    void forget(int id) {
        streams.remove(id);
    }

    void forgetIfDone(TunnelStream stream) {
        if (stream.done()) {
            streams.remove(stream.id());
        }
    }

    /** The link is gone: every stream ends with the reason, and nothing more can be opened. */
    public void close(String why) {
        if (closed == null) {
            closed = why;
        }
        for (TunnelStream s : List.copyOf(streams.values())) {
            s.resetByPeer(why);
        }
        streams.clear();
    }

    public boolean isClosed() {
        return closed != null;
    }

    public int openStreams() {
        return streams.size();
    }

    /** The streams open now. */
    public List<TunnelStream> streams() {
        return List.copyOf(streams.values());
    }
}
