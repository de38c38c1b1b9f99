package org.stackport.shared;

/** The named thing does not exist in the caller's scope (also used so that names do not leak). */
public class NotFoundException extends RuntimeException {
    public NotFoundException(String message) {
        super(message);
    }
}
