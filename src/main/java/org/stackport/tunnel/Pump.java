package org.stackport.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** Copies a TCP socket and a tunnel stream into each other until both directions have ended. */
public final class Pump {

    private Pump() {
    }

    /** Runs both directions (one on a new virtual thread); returns when the connection has ended. */
    public static void bridge(Socket socket, TunnelStream stream) {
        Thread up = Thread.ofVirtual().name("tunnel-up-" + stream.id()).start(() -> {
            try {
                copy(socket.getInputStream(), stream.output());
                stream.closeOutput();
            } catch (IOException e) {
                stream.reset(e.getMessage() == null ? "connection lost" : e.getMessage());
            }
        });
        try {
            copy(stream.input(), socket.getOutputStream());
            if (!socket.isClosed()) {
                socket.shutdownOutput();
            }
            up.join();
        } catch (IOException e) {
            stream.reset(e.getMessage() == null ? "connection lost" : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stream.reset("interrupted");
        } finally {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
            stream.close();
        }
    }

    static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            out.write(buffer, 0, n);
            out.flush();
        }
    }
}
