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

    /** Whether {@code field} was reported as {@link #taken}. */
    public boolean isTaken(String field) {
        return taken.contains(field);
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

    /**
     * A one-line text that ends up in names, commands or hosts' configuration: at most {@code max} characters and no
     * line breaks or other control characters (a line break in such a value writes a second setting). Returns true
     * when it is fine or absent.
     */
    public boolean line(String field, String value, int max) {
        if (value == null) {
            return true;
        }
        if (value.length() > max) {
            add(field, "must be at most " + max + " characters");
            return false;
        }
        String bad = controlCharacter(value, false);
        if (bad != null) {
            add(field, "must be one line without control characters; it has " + bad);
            return false;
        }
        return true;
    }

    /** Free text (a description): at most {@code max} characters; line breaks and tabs are fine, other control characters not. */
    public boolean text(String field, String value, int max) {
        if (value == null) {
            return true;
        }
        if (value.length() > max) {
            add(field, "must be at most " + max + " characters");
            return false;
        }
        String bad = controlCharacter(value, true);
        if (bad != null) {
            add(field, "must not contain control characters; it has " + bad);
            return false;
        }
        return true;
    }

    /** A list of at most {@code max} entries; returns true when it is fine or absent. */
    public boolean maxItems(String field, java.util.Collection<?> list, int max) {
        if (list != null && list.size() > max) {
            add(field, "at most " + max + " entries (" + list.size() + " given)");
            return false;
        }
        return true;
    }

    /** Name servers as a host's resolver takes them: a few IPv4 or IPv6 address literals, never host names or text. */
    public void nameServers(String field, List<String> servers) {
        if (servers == null || !maxItems(field, servers, Cidrs.MAX_NAME_SERVERS)) {
            return;
        }
        for (int i = 0; i < servers.size(); i++) {
            if (!Cidrs.ipLiteral(servers.get(i))) {
                add(field + "[" + i + "]", "must be an IPv4 or IPv6 address such as 10.0.0.53 or 2001:db8::53 "
                        + "(no host names, blanks or line breaks)");
            }
        }
    }

    /**
     * The first control character (C0, DEL, C1, Unicode line and paragraph separators) as words, e.g. "a line break
     * at character 12", or null. {@code multiline} lets line breaks and tabs pass.
     */
    public static String controlCharacter(String value, boolean multiline) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean control = c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == '\u2028' || c == '\u2029';
            if (!control || (multiline && (c == '\n' || c == '\r' || c == '\t'))) {
                continue;
            }
            String what = c == '\n' || c == '\r' || c == 0x85 || c == '\u2028' || c == '\u2029' ? "a line break"
                    : c == '\t' ? "a tab" : String.format("the control character U+%04X", (int) c);
            return what + " at character " + (i + 1);
        }
        return null;
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
