package org.stackport.shared;

/** IPv4 CIDR parsing and overlap, for the settings people type (pod CIDR, service range, node CIDR). */
public final class Cidrs {

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
            int bits = Integer.parseInt(parts[1]);
            if (bits < 0 || bits > 32) {
                return null;
            }
            long addr = 0;
            for (String o : octets) {
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

    public static boolean validIp(String ip) {
        return ip != null && range(ip.strip() + "/32") != null;
    }
}
