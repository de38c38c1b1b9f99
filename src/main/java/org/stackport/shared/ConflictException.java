package org.stackport.shared;

/**
 * The request conflicts with the current state; the message says which state and what to do. When waiting helps
 * (e.g. force delete opens later), {@link #retryAfterSeconds()} says how long.
 */
public class ConflictException extends RuntimeException {

    private final Long retryAfterSeconds;

    public ConflictException(String message) {
        this(message, null);
    }

    public ConflictException(String message, Long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
