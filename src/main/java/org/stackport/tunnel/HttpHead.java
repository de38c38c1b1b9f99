package org.stackport.tunnel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The head of an HTTP/1.1 CONNECT request or answer, read byte by byte up to its blank line, so that none of the
 * bytes that follow (the tunnelled connection's) are taken.
 */
public final class HttpHead {

    private static final int LIMIT = 16_384;

    private HttpHead() {
    }

    /** Reads the whole head and returns its first line (request or status line). */
    public static String firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before the HTTP head ended");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
            if (head.size() > LIMIT) {
                throw new IOException("HTTP head longer than " + LIMIT + " bytes");
            }
        }
        return head.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
    }
}
