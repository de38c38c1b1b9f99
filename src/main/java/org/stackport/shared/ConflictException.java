package org.stackport.shared;

/** The request conflicts with the current state; the message says which state and what to do. */
public class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
