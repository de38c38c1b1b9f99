package org.stackport.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collects field errors, then throws them all at once so a form can show every message. */
public final class Errors {

    /** Names of resources, as api.md fixes them. */
    public static final Pattern NAME = Pattern.compile("^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$");
    public static final String NAME_RULE =
            "use 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit";

    private final List<FieldError> errors = new ArrayList<>();
    private final List<String> taken = new ArrayList<>();

    public Errors add(String field, String message) {
        errors.add(new FieldError(field, message));
        return this;
    }

    /**
     * The name in {@code field} belongs to something that exists: a conflict with the current state (409) when it is
     * the only thing wrong, still shown on its field.
     */
    public Errors taken(String field, String message) {
        taken.add(field);
        return add(field, message);
    }

    public boolean has(String field) {
        return errors.stream().anyMatch(e -> e.field().equals(field));
    }

    /** Checks a required resource name; returns true when it is well formed. */
    public boolean name(String field, String value) {
        if (value == null || value.isBlank()) {
            add(field, "is required");
            return false;
        }
        if (!NAME.matcher(value).matches()) {
            add(field, NAME_RULE);
            return false;
        }
        return true;
    }

    public void maxLength(String field, String value, int max) {
        if (value != null && value.length() > max) {
            add(field, "must be at most " + max + " characters");
        }
    }

    public void throwIfAny() {
        if (errors.isEmpty()) {
            return;
        }
        if (errors.stream().allMatch(e -> taken.contains(e.field()))) {
            throw new NameTakenException(errors);
        }
        throw new ValidationException(errors);
    }
}
