package org.stackport.tenancy;

import java.nio.charset.StandardCharsets;
import org.stackport.shared.Errors;

/** What a password must be: long enough, not only letters, and not the username. */
final class PasswordPolicy {

    static final int MIN_LENGTH = 10;
    static final int MAX_BYTES = 72;

    private PasswordPolicy() {
    }

    static void check(Errors errors, String field, String password, String username) {
        if (password == null || password.isEmpty()) {
            errors.add(field, "is required");
        } else if (password.length() < MIN_LENGTH) {
            errors.add(field, "is too weak: use at least " + MIN_LENGTH + " characters");
        } else if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            // bcrypt reads no further; Spring refuses longer ones with an exception
            errors.add(field, "must be at most " + MAX_BYTES + " bytes (72 letters without accents)");
        } else if (password.chars().allMatch(Character::isLetter) || password.chars().allMatch(Character::isDigit)) {
            errors.add(field, "is too weak: mix letters with digits or symbols");
        } else if (username != null && !username.isEmpty()
                && password.toLowerCase().contains(username.toLowerCase())) {
            errors.add(field, "is too weak: it must not contain the username");
        }
    }
}
