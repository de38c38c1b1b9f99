package org.stackport.simulator.internal;

import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Octavia's request checks and error answers, shared by its resources: WSME type checks ("Invalid input for
 * field/attribute …"), Octavia's own exceptions (ValidationException, ImmutableObject, NotFound, InvalidOption …)
 * with their texts and status codes, and the body fields every object has.
 */
final class OctaviaInput {

    private OctaviaInput() {
    }

    static JsonNode body(SimRequest r, String root) {
        JsonNode b = r.body() == null ? null : r.body().get(root);
        if (b == null || !b.isObject()) {
            throw invalidField(root, "None", "Mandatory field missing.");
        }
        return b;
    }

    static String required(JsonNode b, String field) {
        String v = Json.text(b, field);
        if (v == null || v.isEmpty()) {
            throw invalidField(field, "None", "Mandatory field missing.");
        }
        return v;
    }

    static String oneOf(JsonNode b, String field, Set<String> allowed) {
        return checkedOneOf(field, required(b, field), allowed);
    }

    /** A value given (and not null) must be one of {@code allowed}; absent or null passes as null. */
    static String optionalOneOf(JsonNode b, String field, Set<String> allowed) {
        String v = Json.text(b, field);
        return v == null ? null : checkedOneOf(field, v, allowed);
    }

    private static String checkedOneOf(String field, String v, Set<String> allowed) {
        if (!allowed.contains(v)) {
            throw invalidField(field, v, "Value should be one of: " + String.join(", ", allowed.stream().sorted().toList()));
        }
        return v;
    }

    static int port(JsonNode b, String field) {
        return integer(b, field, 1, 65535);
    }

    /** A mandatory integer within [min, max] (WSME's IntegerType). */
    static int integer(JsonNode b, String field, int min, int max) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            throw invalidField(field, "None", "Mandatory field missing.");
        }
        return checkedInteger(field, v, min, max);
    }

    /** An optional integer within [min, max]: absent gives {@code fallback}. */
    static Integer optionalInteger(JsonNode b, String field, int min, int max, Integer fallback) {
        JsonNode v = b.get(field);
        if (v == null || v.isNull()) {
            return fallback;
        }
        return checkedInteger(field, v, min, max);
    }

    private static int checkedInteger(String field, JsonNode v, int min, int max) {
        if (!v.isIntegralNumber() && !(v.isString() && v.asString("").matches("-?\\d{1,9}"))) {
            throw invalidField(field, v.isString() ? v.asString() : v.toString(),
                    "Wrong type. Expected '<class 'int'>', got '<class '" + pythonType(v) + "'>'");
        }
        long n = v.asLong();
        if (n < min) {
            throw invalidField(field, String.valueOf(n), "Value should be greater or equal to " + min);
        }
        if (n > max) {
            throw invalidField(field, String.valueOf(n), "Value should be lower or equal to " + max);
        }
        return (int) n;
    }

    private static String pythonType(JsonNode v) {
        if (v.isString()) {
            return "str";
        }
        if (v.isBoolean()) {
            return "bool";
        }
        if (v.isNumber()) {
            return "float";
        }
        return v.isArray() ? "list" : "dict";
    }

    static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String f : fields) {
            if (from.has(f)) {
                to.set(f, from.get(f).deepCopy());
            }
        }
    }

    // ---- Octavia's error answers

    static ServiceError notFound(String kind, String id) {
        return ServiceError.octavia(404, "Client", Octavia.label(kind) + " " + id + " not found.");
    }

    static ServiceError forbidden() {
        return ServiceError.octavia(403, "Client", "Policy does not allow this request to be performed.");
    }

    static ServiceError immutable(String resource, String id) {
        return ServiceError.octavia(409, "Client", resource + " " + id + " is immutable and cannot be updated.");
    }

    static ServiceError validation(String detail) {
        return ServiceError.octavia(400, "Client", "Validation failure: " + detail);
    }

    /** Octavia's InvalidOption: "{value} is not a valid option for {option}". */
    static ServiceError invalidOption(String value, String option) {
        return ServiceError.octavia(400, "Client", value + " is not a valid option for " + option);
    }

    static ServiceError invalidSubresource(String resource, String id) {
        return ServiceError.octavia(400, "Client", resource + " " + id + " not found.");
    }

    static ServiceError invalidField(String field, String value, String reason) {
        return ServiceError.octavia(400, "Client", "Invalid input for field/attribute " + field + ". Value: '" + value + "'. " + reason);
    }

    static ServiceError conflict(String message) {
        return ServiceError.octavia(409, "Client", message);
    }
}
