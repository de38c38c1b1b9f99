package org.stackport.tunnel;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One tunnel frame, carried as one binary WebSocket message: a type byte, a stream number (0 for the link itself)
 * and a payload. The link's frames are the agent's hello and heartbeats and the console's allow-list; a stream's
 * frames open it, carry its bytes both ways with credit-based flow control, and end it.
 */
public record Frame(byte type, int stream, byte[] payload) {

    /** Agent → console, stream 0: who the agent is ({@link AgentInfo} as {@code key=value} lines). */
    public static final byte HELLO = 1;
    /** Agent → console, stream 0: still here (same payload as the hello, so a changed address is seen). */
    public static final byte HEARTBEAT = 2;
    /** Console → agent, stream 0: the destinations the agent may connect to, one {@code host:port} a line. */
    public static final byte ALLOW = 3;
    /** Console → agent: connect this stream to {@code host:port}. */
    public static final byte OPEN = 4;
    /** Agent → console: the stream's connection is made. */
    public static final byte OPENED = 5;
    /** Agent → console: the stream's connection was refused or failed; the payload says why. */
    public static final byte REFUSED = 6;
    /** Either way: bytes of the stream. */
    public static final byte DATA = 7;
    /** Either way: the receiver consumed this many more bytes (4-byte integer); the sender may send as many more. */
    public static final byte WINDOW = 8;
    /** Either way: the sender will send no more bytes on the stream (a half close, as TCP's FIN). */
    public static final byte CLOSE = 9;
    /** Either way: the stream is aborted; the payload says why. */
    public static final byte RESET = 10;

    /** The largest DATA payload sent in one frame (the console accepts messages of up to 64 KiB). */
    public static final int MAX_DATA = 32 * 1024;
    static final int HEADER = 5;

    public static Frame text(byte type, int stream, String text) {
        return new Frame(type, stream, text.getBytes(StandardCharsets.UTF_8));
    }

    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    public ByteBuffer encode() {
        ByteBuffer b = ByteBuffer.allocate(HEADER + payload.length);
        b.put(type).putInt(stream).put(payload).flip();
        return b;
    }

    public static Frame decode(ByteBuffer message) {
        if (message.remaining() < HEADER) {
            throw new IllegalArgumentException("a tunnel frame has at least " + HEADER + " bytes, got " + message.remaining());
        }
        byte type = message.get();
        int stream = message.getInt();
        byte[] payload = new byte[message.remaining()];
        message.get(payload);
        return new Frame(type, stream, payload);
    }

    static Frame window(int stream, int credit) {
        return new Frame(WINDOW, stream, ByteBuffer.allocate(4).putInt(credit).array());
    }

    int credit() {
        return ByteBuffer.wrap(payload).getInt();
    }
}
