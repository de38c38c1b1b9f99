package org.stackport.simulator.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A compute microversion as Nova negotiates it (nova/api/openstack/wsgi.py with microversion_parse): the
 * {@code OpenStack-API-Version: compute X.Y} header first, else the legacy {@code X-OpenStack-Nova-API-Version};
 * none is 2.1, {@code latest} is {@link #MAX}. A version outside [2.1, MAX] is refused with 406, one that is not
 * {@code X.Y} with 400.
 *
 * <p>MAX is the highest version whose changes to the routes served here are all implemented: 2.2 (key pair type,
 * 201/204), 2.3 (delete_on_termination, more admin attributes), 2.5 (ip6 filter for members), 2.9 (locked), 2.10
 * (key pairs of another user for admins), 2.13 (server group owners), 2.15 (soft policies), 2.16 (host_status),
 * 2.17 (trigger_crash_dump), 2.19 (description). 2.4, 2.6 to 2.8, 2.11, 2.12, 2.14, 2.18 and 2.20 to 2.25 change
 * routes the simulator does not serve or actions its policy refuses. 2.26 (server tags) and later lie beyond
 * the advertised maximum.
 */
record NovaMicroversion(int major, int minor) implements Comparable<NovaMicroversion> {

    static final NovaMicroversion MIN = new NovaMicroversion(2, 1);
    static final NovaMicroversion MAX = new NovaMicroversion(2, 25);
    static final String LEGACY_HEADER = "X-OpenStack-Nova-API-Version";
    static final String HEADER = "OpenStack-API-Version";
    private static final Pattern FORMAT = Pattern.compile("^([1-9]\\d*)\\.([1-9]\\d*|0)$");

    /** The version a request asked for; throws Nova's 400 or 406 when it cannot be served. */
    static NovaMicroversion of(SimRequest r) {
        String asked = asked(r.headers());
        if (asked == null) {
            return MIN;
        }
        if (asked.equals("latest")) {
            return MAX;
        }
        Matcher m = FORMAT.matcher(asked);
        if (!m.matches()) {
            throw ServiceError.nova(400, "badRequest", "API Version String " + asked
                    + " is of invalid format. Must be of format MajorNum.MinorNum.");
        }
        NovaMicroversion v = new NovaMicroversion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        if (v.compareTo(MIN) < 0 || v.compareTo(MAX) > 0) {
            // Nova keeps the version it was asked for, so the refusal still names it in its headers
            throw new Refused(v, ServiceError.nova(406, "computeFault", "Version " + v
                    + " is not supported by the API. Minimum is " + MIN + " and maximum is " + MAX + "."));
        }
        return v;
    }

    /** The standard header wins when it names compute (the last such entry of a folded list); else the legacy one. */
    private static String asked(Map<String, String> headers) {
        String standard = headers.get(HEADER.toLowerCase());
        if (standard != null) {
            String[] entries = standard.split(",");
            for (int i = entries.length - 1; i >= 0; i--) {
                String[] parts = entries[i].strip().split("\\s+", 2);
                if (parts.length == 2 && parts[0].equalsIgnoreCase("compute")) {
                    return parts[1].strip();
                }
            }
        }
        String legacy = headers.get(LEGACY_HEADER.toLowerCase());
        return legacy == null ? null : legacy.strip();
    }

    /** A version Nova parsed but does not serve: the 406 and the version its headers name. */
    static final class Refused extends ServiceError {

        final transient NovaMicroversion version;

        Refused(NovaMicroversion version, ServiceError error) {
            super(error.status(), error.body(), error.getMessage());
            this.version = version;
        }
    }

    boolean atLeast(int minorVersion) {
        return minor >= minorVersion;
    }

    /** The headers Nova puts on every answer made at this version. */
    Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(HEADER, "compute " + this);
        h.put(LEGACY_HEADER, toString());
        h.put("Vary", HEADER + ", " + LEGACY_HEADER);
        return h;
    }

    @Override
    public int compareTo(NovaMicroversion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
