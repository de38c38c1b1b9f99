package org.stackport.tenancy;

import org.stackport.shared.Errors;

/** What a password must be: long enough, not only letters, and not the username. */
final class PasswordPolicy {

    static final int MIN_LENGTH = 10;

    private PasswordPolicy() {
    }

    static void check(Errors errors, String field, String password, String username) {
        if (password == null || password.isEmpty()) {
            errors.add(field, "is required");
        } else if (password.length() < MIN_LENGTH) {
            errors.add(field, "is too weak: use at least " + MIN_LENGTH + " characters");
        } else if (password.length() > 200) {
            errors.add(field, "must be at most 200 characters");
        } else if (password.chars().allMatch(Character::isLetter) || password.chars().allMatch(Character::isDigit)) {
            errors.add(field, "is too weak: mix letters with digits or symbols");
        } else if (username != null && !username.isEmpty()
                && password.toLowerCase().contains(username.toLowerCase())) {
            errors.add(field, "is too weak: it must not contain the username");
        }
    }
}
