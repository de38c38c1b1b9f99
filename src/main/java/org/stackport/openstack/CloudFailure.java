package org.stackport.openstack;

/**
 * A cloud call that failed, classified so callers know what to do (retry, fail the step, mark the account
 * unhealthy), with the cloud's own message and request id. {@link #getMessage()} is plain words for people.
 */
public class CloudFailure extends RuntimeException {

    /** What kind of failure; see shared/openstack-simulator.md "Error classes the adapter reports". */
    public enum Kind {
        /** a quota is used up: fail the step with the cloud's message, no blind retry */
        QUOTA,
        /** the credentials are refused (401 after re-authentication) */
        AUTH,
        /** the account lacks permission */
        FORBIDDEN,
        /** the object does not exist (on delete: done) */
        NOT_FOUND,
        /** the object is busy (409 immutable / invalid state, 429): retry with backoff */
        BUSY,
        /** another conflict: fail with the message */
        CONFLICT,
        /** 5xx, connection or TLS failures, a missing service: retry with backoff, then fail */
        UNAVAILABLE,
        /**
         * the cloud refused the request as malformed (400); or, with status 0, the account's TLS trust is wrong: its
         * CA certificate is unreadable or does not verify the cloud's certificate (no retry helps)
         */
        INVALID;

        public boolean retryable() {
            return this == BUSY || this == UNAVAILABLE;
        }
    }

    private final Kind kind;
    private final int status;
    private final String cloudMessage;
    private final String requestId;
    private final String action;

    public CloudFailure(Kind kind, String action, int status, String cloudMessage, String requestId, Throwable cause) {
        this(describe(kind, action, status, cloudMessage), kind, action, status, cloudMessage, requestId, cause);
    }

    private CloudFailure(String plain, Kind kind, String action, int status, String cloudMessage, String requestId,
                         Throwable cause) {
        super(plain, cause);
        this.kind = kind;
        this.status = status;
        this.cloudMessage = cloudMessage;
        this.requestId = requestId;
        this.action = action;
    }

    /** The cloud offers no such service in the account's region (a catalog without it). */
    public static CloudFailure missingService(String serviceType, String region, String action) {
        String reason = "the cloud's service catalog has no '" + serviceType + "' service in region " + region;
        return new CloudFailure("OpenStack cannot " + action + ": " + reason, Kind.UNAVAILABLE, action, 0, reason, null, null);
    }

    /**
     * The cloud's TLS certificate did not verify against the account's CA certificate (or the JVM's trust store
     * when it has none), so nothing was sent: a setting to fix, not something to retry. The cloud message starts
     * with "TLS" so callers can name the CA certificate as the cause.
     */
    public static CloudFailure untrustedCertificate(String action, String reason, Throwable cause) {
        return new CloudFailure("OpenStack cannot " + action + ": the cloud's TLS certificate is not trusted (" + reason + ")",
                Kind.INVALID, action, 0, "TLS: " + reason, null, cause);
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status the cloud answered, 0 when it could not be reached. */
    public int status() {
        return status;
    }

    public String cloudMessage() {
        return cloudMessage;
    }

    public String requestId() {
        return requestId;
    }

    public String action() {
        return action;
    }

    private static String describe(Kind kind, String action, int status, String message) {
        String reason = message == null || message.isBlank() ? "no reason given" : message.strip();
        return switch (kind) {
            case QUOTA -> "OpenStack refused to " + action + ": quota exceeded (" + reason + ")";
            case AUTH -> "OpenStack did not accept the credentials while trying to " + action + " (" + reason + ")";
            case FORBIDDEN -> "The account lacks permission to " + action + " (" + reason + ")";
            case NOT_FOUND -> "OpenStack could not find what was needed to " + action + " (" + reason + ")";
            case BUSY -> "OpenStack is busy and could not " + action + " now; it will be retried (" + reason + ")";
            case CONFLICT -> "OpenStack refused to " + action + " (" + reason + ")";
            case INVALID -> "OpenStack rejected the request to " + action + " (" + reason + ")";
            case UNAVAILABLE -> status == 0
                    ? "OpenStack could not be reached to " + action + " (" + reason + ")"
                    : "OpenStack failed to " + action + " with HTTP " + status + " (" + reason + ")";
        };
    }
}
