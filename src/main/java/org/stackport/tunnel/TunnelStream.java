package org.stackport.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One TCP connection carried over a tunnel link, as a pair of blocking streams. Bytes received are buffered up to
 * the window the peer was given, and the peer is given more credit as they are read; bytes written wait for credit,
 * so a slow reader slows its writer and never fills the console's or the agent's memory.
 */
public final class TunnelStream implements AutoCloseable {

    /** Bytes a side may send before the other has read them. */
    static final int WINDOW = 512 * 1024;

    private final Mux mux;
    private final int id;
    private final String destination;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<byte[]> received = new ArrayDeque<>();
    private int headOffset;
    private int unacknowledged;
    private int credit = WINDOW;
    private boolean inputEnded;
    private boolean outputEnded;
    private String reset;
    /** null while the agent connects; then "" when open or the refusal. */
    private String openOutcome;
    private volatile long lastActivity = System.nanoTime();
    private final InputStream in = new In();
    private final OutputStream out = new Out();

    TunnelStream(Mux mux, int id, String destination, boolean open) {
        this.mux = mux;
        this.id = id;
        this.destination = destination;
        this.openOutcome = open ? "" : null;
    }

    public int id() {
        return id;
    }

    /** {@code host:port} this stream goes to. */
    public String destination() {
        return destination;
    }

    public InputStream input() {
        return in;
    }

    public OutputStream output() {
        return out;
    }

    /** Ends this side's bytes (the peer reads end of stream); reading goes on. */
    public void closeOutput() {
        lock.lock();
        try {
            if (outputEnded || reset != null) {
                return;
            }
            outputEnded = true;
        } finally {
            lock.unlock();
        }
        mux.sendQuietly(new Frame(Frame.CLOSE, id, new byte[0]));
        mux.forgetIfDone(this);
    }

    /** Aborts the stream both ways. */
    @Override
    public void close() {
        reset("closed");
    }

    public void reset(String why) {
        boolean tell;
        lock.lock();
        try {
            tell = reset == null && !(inputEnded && outputEnded);
            if (reset == null) {
                reset = why;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (tell) {
            mux.sendQuietly(Frame.text(Frame.RESET, id, why));
        }
        mux.forget(id);
    }

    // ---- called by the mux

    /** The agent's answer to the open: {@code ""} when connected, else why not. */
    void opened(String outcome) {
        lock.lock();
        try {
            openOutcome = outcome;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits for the agent's answer; throws its refusal. */
    void awaitOpen(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        lock.lock();
        try {
            while (openOutcome == null && reset == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("the gateway agent did not connect to " + destination + " within "
                            + timeoutMillis + " ms");
                }
                changed.awaitNanos(left);
            }
            if (reset != null) {
                throw new IOException(reset);
            }
            if (!openOutcome.isEmpty()) {
                throw new IOException(openOutcome);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while the agent connected to " + destination);
        } finally {
            lock.unlock();
        }
    }

    /** Nanoseconds ({@link System#nanoTime()}) since bytes last went either way. */
    public long idleNanos() {
        return System.nanoTime() - lastActivity;
    }

    void received(byte[] data) {
        lastActivity = System.nanoTime();
        lock.lock();
        try {
            if (reset == null && !inputEnded && data.length > 0) {
                received.add(data);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void endOfInput() {
        lock.lock();
        try {
            inputEnded = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        mux.forgetIfDone(this);
    }

    void resetByPeer(String why) {
        lock.lock();
        try {
            if (reset == null) {
                reset = why.isEmpty() ? "reset by the other end" : why;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        mux.forget(id);
    }

    void credited(int more) {
        lock.lock();
        try {
            credit += more;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    boolean done() {
        lock.lock();
        try {
            return reset != null || (inputEnded && outputEnded);
        } finally {
            lock.unlock();
        }
    }

    private final class In extends InputStream {

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n;
            int acknowledge = 0;
            lock.lock();
            try {
                while (received.isEmpty() && reset == null && !inputEnded) {
                    changed.await();
                }
                if (received.isEmpty()) {
                    if (reset != null && !inputEnded) {
                        throw new IOException("tunnel stream to " + destination + " reset: " + reset);
                    }
                    return -1;
                }
                byte[] head = received.peek();
                n = Math.min(len, head.length - headOffset);
                System.arraycopy(head, headOffset, b, off, n);
                headOffset += n;
                if (headOffset == head.length) {
                    received.poll();
                    headOffset = 0;
                }
                unacknowledged += n;
                if (unacknowledged >= WINDOW / 4) {
                    acknowledge = unacknowledged;
                    unacknowledged = 0;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException();
            } finally {
                lock.unlock();
            }
            if (acknowledge > 0) {
                mux.sendQuietly(Frame.window(id, acknowledge));
            }
            return n;
        }

        @Override
        public int available() {
            lock.lock();
            try {
                return received.isEmpty() ? 0 : received.peek().length - headOffset;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void close() {
            TunnelStream.this.close();
        }
    }

    private final class Out extends OutputStream {

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n;
                lock.lock();
                try {
                    while (credit == 0 && reset == null) {
                        changed.await();
                    }
                    if (reset != null) {
                        throw new IOException("tunnel stream to " + destination + " reset: " + reset);
                    }
                    if (outputEnded) {
                        throw new IOException("tunnel stream to " + destination + " is closed for writing");
                    }
                    n = Math.min(Math.min(len, credit), Frame.MAX_DATA);
                    credit -= n;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                } finally {
                    lock.unlock();
                }
                lastActivity = System.nanoTime();
                mux.send(new Frame(Frame.DATA, id, Arrays.copyOfRange(b, off, off + n)));
                off += n;
                len -= n;
            }
        }

        @Override
        public void close() {
            closeOutput();
        }
    }
}
