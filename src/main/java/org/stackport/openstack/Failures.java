package org.stackport.openstack;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.openstack4j.api.exceptions.ConnectionException;
import org.openstack4j.api.exceptions.ResponseException;

/** Runs openstack4j calls and classifies whatever goes wrong; the one place that knows the error shapes. */
final class Failures {

    private Failures() {
    }

    /** Runs a call; any failure becomes a {@link CloudFailure}. */
    static <T> T call(String action, Supplier<T> work) {
        try {
            return work.get();
        } catch (CloudFailure f) {
            throw f;
        } catch (RuntimeException e) {
            throw classify(action, e);
        }
    }

    static void run(String action, Runnable work) {
        call(action, () -> {
            work.run();
            return null;
        });
    }

    /** openstack4j answers a 404 on calls that return an object with null: that is an error, not a value. */
    static <T> T present(String action, T value, String what) {
        if (value == null) {
            throw new CloudFailure(CloudFailure.Kind.NOT_FOUND, action, 404, what + " not found", null, null);
        }
        return value;
    }

    static CloudFailure classify(String action, RuntimeException e) {
        // before ConnectionException, which is how the connector reports it: our trust settings, not the network
        if (untrustedCertificate(e)) {
            return CloudFailure.untrustedCertificate(action, rootMessage(e), e);
        }
        if (e instanceof ConnectionException c) {
            return new CloudFailure(CloudFailure.Kind.UNAVAILABLE, action, 0, rootMessage(c), null, e);
        }
        if (e instanceof ResponseException r) {
            String message = r.getMessage();
            return new CloudFailure(kindOf(r.getStatus(), message), action, r.getStatus(), message, requestIdOf(r), e);
        }
        if (hasCause(e, SSLException.class)) {
            return new CloudFailure(CloudFailure.Kind.UNAVAILABLE, action, 0,
                    "TLS handshake failed: " + rootMessage(e), null, e);
        }
        return new CloudFailure(CloudFailure.Kind.UNAVAILABLE, action, 0, rootMessage(e), null, e);
    }

    static CloudFailure.Kind kindOf(int status, String message) {
        String m = message == null ? "" : message.toLowerCase(Locale.ROOT);
        boolean quota = m.contains("quota exceeded") || m.contains("quota has been met") || m.contains("maximum number")
                || m.contains("exceeded quota") || m.contains("quotaexceeded") || m.contains("over quota");
        return switch (status) {
            case 0 -> CloudFailure.Kind.UNAVAILABLE;
            case 400 -> CloudFailure.Kind.INVALID;
            case 401 -> CloudFailure.Kind.AUTH;
            case 403 -> quota ? CloudFailure.Kind.QUOTA : CloudFailure.Kind.FORBIDDEN;
            case 404 -> CloudFailure.Kind.NOT_FOUND;
            case 409 -> quota ? CloudFailure.Kind.QUOTA
                    : m.contains("immutable") || m.contains("invalid state") || m.contains("pending")
                    ? CloudFailure.Kind.BUSY : CloudFailure.Kind.CONFLICT;
            case 413 -> CloudFailure.Kind.QUOTA;
            case 429 -> CloudFailure.Kind.BUSY;
            default -> status >= 500 ? CloudFailure.Kind.UNAVAILABLE : CloudFailure.Kind.CONFLICT;
        };
    }

    private static String requestIdOf(ResponseException r) {
        String text = r.toString();
        int at = text.indexOf("req-");
        if (at < 0) {
            return null;
        }
        int end = at;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '-')) {
            end++;
        }
        return text.substring(at, end);
    }

    /**
     * The TLS handshake failed because the cloud's certificate did not verify: no path to a trusted CA, expired,
     * or not for this host name (the JDK reports these as a CertificateException inside the handshake failure,
     * okhttp a wrong host name as SSLPeerUnverifiedException). Other TLS failures (a plain HTTP port, a reset)
     * stay connection problems.
     */
    private static boolean untrustedCertificate(Throwable t) {
        return hasCause(t, SSLException.class)
                && (hasCause(t, CertificateException.class) || hasCause(t, CertPathValidatorException.class)
                || hasCause(t, CertPathBuilderException.class) || hasCause(t, SSLPeerUnverifiedException.class));
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
