package org.stackport.shared;

/** IPv4 CIDR parsing and overlap, for the settings people type (pod CIDR, service range, node CIDR). */
public final class Cidrs {

    /** Name servers a host's resolver takes (glibc reads three; a few more for other resolvers). */
    public static final int MAX_NAME_SERVERS = 5;

    private Cidrs() {
    }

    /** [first, last] address of a CIDR, or null when it is not an IPv4 CIDR like 10.0.0.0/16. */
    public static long[] range(String cidr) {
        if (cidr == null) {
            return null;
        }
        String[] parts = cidr.strip().split("/");
        if (parts.length != 2) {
            return null;
        }
        String[] octets = parts[0].split("\\.");
        if (octets.length != 4) {
            return null;
        }
        try {
            if (!parts[1].matches("\\d{1,2}")) {
                return null;
            }
            int bits = Integer.parseInt(parts[1]);
            if (bits < 0 || bits > 32) {
                return null;
            }
            long addr = 0;
            for (String o : octets) {
                if (!o.matches("\\d{1,3}")) {
                    return null;
                }
                int v = Integer.parseInt(o);
                if (v < 0 || v > 255) {
                    return null;
                }
                addr = (addr << 8) | v;
            }
            long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
            long first = addr & mask;
            return new long[] {first, first | (~mask & 0xFFFFFFFFL)};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    public static boolean valid(String cidr) {
        return range(cidr) != null;
    }

    public static boolean overlap(String a, String b) {
        long[] x = range(a);
        long[] y = range(b);
        return x != null && y != null && x[0] <= y[1] && y[0] <= x[1];
    }

    /**
     * An IPv4 (10.0.0.53) or IPv6 (2001:db8::53, ::ffff:10.0.0.1) address literal, exactly as given: no host names,
     * no surrounding blanks, no zone or prefix. What a resolver configuration can take as a name server.
     */
    public static boolean ipLiteral(String ip) {
        if (ip == null || ip.isEmpty() || ip.length() > 45 || !ip.strip().equals(ip)) {
            return false;
        }
        return ip.indexOf(':') < 0 ? range(ip + "/32") != null : ipv6(ip);
    }

    private static boolean ipv6(String ip) {
        if (!ip.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        int doubleColon = ip.indexOf("::");
        if (doubleColon >= 0 && ip.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        String head = doubleColon >= 0 ? ip.substring(0, doubleColon) : ip;
        String tail = doubleColon >= 0 ? ip.substring(doubleColon + 2) : "";
        java.util.List<String> groups = new java.util.ArrayList<>();
        if (!head.isEmpty()) {
            groups.addAll(java.util.List.of(head.split(":", -1)));
        }
        if (!tail.isEmpty()) {
            groups.addAll(java.util.List.of(tail.split(":", -1)));
        }
        int words = 0;
        for (int i = 0; i < groups.size(); i++) {
            String g = groups.get(i);
            if (g.contains(".")) {
                // an embedded IPv4 address only as the last part
                if (i != groups.size() - 1 || range(g + "/32") == null) {
                    return false;
                }
                words += 2;
            } else if (g.matches("[0-9A-Fa-f]{1,4}")) {
                words++;
            } else {
                return false;
            }
        }
        return doubleColon >= 0 ? words <= 7 : words == 8;
    }
}
