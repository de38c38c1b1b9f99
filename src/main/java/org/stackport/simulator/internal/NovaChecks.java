package org.stackport.simulator.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Nova's JSON-schema checks (nova/api/openstack/compute/schemas, parameter_types) with the wording Nova's
 * validator gives them: "Invalid input for field/attribute X. Value: V. <jsonschema message>", and the name
 * format's own message.
 */
final class NovaChecks {

    static final String NAME_RULE = "An invalid 'name' value was provided. The name must be: printable characters. "
            + "Can not start or end with whitespace.";
    private static final Pattern DIGITS = Pattern.compile("^[0-9]*$");

    private NovaChecks() {
    }

    static ServiceError invalid(String field, JsonNode value, String message) {
        return ServiceError.nova(400, "badRequest", "Invalid input for field/attribute " + field + ". Value: " + plain(value)
                + ". " + message);
    }

    /** parameter_types.name: a string of 1 to 255 printable characters, no whitespace at either end. */
    static String name(JsonNode container, boolean required) {
        JsonNode value = container.get("name");
        if (value == null) {
            if (required) {
                throw invalid("server", container, "'name' is a required property");
            }
            return null;
        }
        if (!value.isString()) {
            throw invalid("name", value, repr(value) + " is not of type 'string'");
        }
        String name = value.asString();
        if (name.isEmpty()) {
            throw invalid("name", value, "'' is too short");
        }
        if (name.codePointCount(0, name.length()) > 255) {
            throw invalid("name", value, repr(value) + " is too long");
        }
        boolean printable = name.codePoints().allMatch(c -> !Character.isISOControl(c)
                && Character.getType(c) != Character.FORMAT && Character.getType(c) != Character.SURROGATE
                && Character.getType(c) != Character.UNASSIGNED && Character.getType(c) != Character.PRIVATE_USE);
        if (!printable || Character.isWhitespace(name.codePointAt(0)) || Character.isWhitespace(name.codePointBefore(name.length()))) {
            throw ServiceError.nova(400, "badRequest", NAME_RULE);
        }
        return name;
    }

    /** The disk_config extension's OS-DCF:diskConfig: AUTO or MANUAL; null when absent. */
    static String diskConfig(JsonNode container) {
        JsonNode value = container.get("OS-DCF:diskConfig");
        if (value == null) {
            return null;
        }
        if (!value.isString() || !List.of("AUTO", "MANUAL").contains(value.asString())) {
            throw invalid("OS-DCF:diskConfig", value, repr(value) + " is not one of ['AUTO', 'MANUAL']");
        }
        return value.asString();
    }

    /** parameter_types.accessIPv4 / accessIPv6: a string in the 'ipv4' or 'ipv6' format. */
    static String accessIp(JsonNode container, String field, int version) {
        JsonNode value = container.get(field);
        if (value == null) {
            return null;
        }
        if (!value.isString()) {
            throw invalid(field, value, repr(value) + " is not of type 'string'");
        }
        String ip = value.asString();
        if (!isIp(ip, version)) {
            throw invalid(field, value, repr(value) + " is not a 'ipv" + version + "'");
        }
        return version == 6 ? compactIpv6(ip) : ip;
    }

    /**
     * An IPv6 address as Nova stores it (netaddr's compact form, RFC 5952): groups in lower-case hex without
     * leading zeros, the longest run of two or more zero groups as "::", an IPv4-mapped address as ::ffff:a.b.c.d.
     */
    static String compactIpv6(String ip) {
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(ip).getAddress();
        } catch (UnknownHostException e) {
            return ip;
        }
        if (bytes.length == 4) {
            return "::ffff:" + (bytes[0] & 0xff) + "." + (bytes[1] & 0xff) + "." + (bytes[2] & 0xff) + "." + (bytes[3] & 0xff);
        }
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (bytes[2 * i] & 0xff) << 8 | bytes[2 * i + 1] & 0xff;
        }
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (!out.isEmpty() && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    private static boolean isIp(String ip, int version) {
        if (version == 4) {
            String[] parts = ip.split("\\.", -1);
            if (parts.length != 4) {
                return false;
            }
            for (String p : parts) {
                if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit) || Integer.parseInt(p) > 255) {
                    return false;
                }
            }
            return true;
        }
        if (!ip.contains(":") || !ip.matches("[0-9a-fA-F:.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(ip).getAddress().length == 16 || ip.startsWith("::ffff:");
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * A server's description: from 2.19 null or up to 255 printable characters; before, a property the schema
     * does not allow. Null when absent.
     */
    static String description(JsonNode container, NovaMicroversion version) {
        JsonNode value = container.get("description");
        if (value == null) {
            return null;
        }
        if (!version.atLeast(19)) {
            throw invalid("server", container, "Additional properties are not allowed ('description' was unexpected)");
        }
        if (value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            throw invalid("description", value, repr(value) + " is not of type 'string', 'null'");
        }
        String text = value.asString();
        if (text.codePointCount(0, text.length()) > 255) {
            throw invalid("description", value, repr(value) + " is too long");
        }
        if (!text.codePoints().allMatch(c -> !Character.isISOControl(c) || c == '\n' || c == '\r' || c == '\t')) {
            throw invalid("description", value, repr(value) + " does not match the description pattern");
        }
        return text;
    }

    /** parameter_types.positive_integer: an integer or a string of digits, at least 1; null when absent. */
    static Integer positiveInteger(JsonNode container, String field) {
        JsonNode value = container.get(field);
        if (value == null) {
            return null;
        }
        if (value.isIntegralNumber()) {
            if (value.asLong() < 1) {
                throw invalid(field, value, value.asLong() + " is less than the minimum of 1");
            }
            return value.asInt();
        }
        if (!value.isString()) {
            throw invalid(field, value, repr(value) + " is not of type 'integer', 'string'");
        }
        String text = value.asString();
        if (text.isEmpty()) {
            throw invalid(field, value, "'' is too short");
        }
        if (!DIGITS.matcher(text).matches()) {
            throw invalid(field, value, repr(value) + " does not match '^[0-9]*$'");
        }
        // the schema's minimum does not apply to strings: "0" passes it, as in Nova
        return Integer.parseInt(text);
    }

    /** A list query's limit: parameter_types.non_negative_integer. */
    static void limit(SimRequest r) {
        String limit = r.query("limit");
        if (limit != null && !DIGITS.matcher(limit).matches()) {
            throw query("limit", limit, "'" + limit + "' does not match '^[0-9]*$'");
        }
    }

    /** changes-since: a 'date-time' string; returns null when absent. */
    static Instant changesSince(SimRequest r) {
        String since = r.query("changes-since");
        if (since == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(since).toInstant();
        } catch (DateTimeParseException e) {
            try {
                // Nova accepts a time without a zone as UTC
                return java.time.LocalDateTime.parse(since).toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw query("changes-since", since, "'" + since + "' is not a 'date-time'");
            }
        }
    }

    private static ServiceError query(String name, String value, String message) {
        return ServiceError.nova(400, "badRequest", "Invalid input for query parameters " + name + ". Value: " + value + ". " + message);
    }

    /** Python's repr of a JSON value, as jsonschema quotes the instance in its messages. */
    static String repr(JsonNode value) {
        if (value.isString()) {
            return "'" + value.asString() + "'";
        }
        if (value.isObject()) {
            List<String> items = new ArrayList<>();
            value.properties().forEach(e -> items.add("'" + e.getKey() + "': " + repr(e.getValue())));
            return "{" + String.join(", ", items) + "}";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(repr(v)));
            return "[" + String.join(", ", items) + "]";
        }
        if (value.isBoolean()) {
            return value.asBoolean() ? "True" : "False";
        }
        return value.isNull() ? "None" : value.toString();
    }

    /** Python's str of a JSON value (the "Value:" part of Nova's message). */
    private static String plain(JsonNode value) {
        return value.isString() ? value.asString() : repr(value);
    }
}
