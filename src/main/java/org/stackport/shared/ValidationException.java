package org.stackport.shared;

import java.util.List;

/** Input that fails validation; nothing was changed. Each error names its field. */
public class ValidationException extends RuntimeException {

    private final transient List<FieldError> errors;

    /** Several messages for one field become one entry (api.md: one entry per field), in the order given. */
    public ValidationException(List<FieldError> errors) {
        this.errors = merged(errors);
    }

    @Override
    public String getMessage() {
        return String.join("; ", errors.stream().map(e -> e.field() + ": " + e.message()).toList());
    }

    private static List<FieldError> merged(List<FieldError> errors) {
        java.util.Map<String, String> byField = new java.util.LinkedHashMap<>();
        for (FieldError e : errors) {
            byField.merge(e.field(), e.message(), (a, b) -> a.equals(b) ? a : a + "; " + b);
        }
        return byField.entrySet().stream().map(e -> new FieldError(e.getKey(), e.getValue())).toList();
    }

    public static ValidationException of(String field, String message) {
        return new ValidationException(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The message for one field, or null. */
    public String messageFor(String field) {
        return errors.stream().filter(e -> e.field().equals(field)).map(FieldError::message).findFirst().orElse(null);
    }
}
