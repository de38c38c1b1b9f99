package org.stackport.provisioning.bootstrap;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The syntax checks kubeadm and the kubelet would otherwise make on the node, long after the server was created:
 * a value they refuse leaves a node that never joins, so the renderers refuse it up front.
 */
final class Names {

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern LABEL_NAME = Pattern.compile("([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]");
    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+");

    /** Labels in the kubernetes.io and k8s.io namespaces that the kubelet may still set on itself. */
    private static final Set<String> KUBELET_LABELS = Set.of("kubernetes.io/hostname", "kubernetes.io/os",
            "kubernetes.io/arch", "beta.kubernetes.io/os", "beta.kubernetes.io/arch",
            "beta.kubernetes.io/instance-type", "topology.kubernetes.io/zone", "topology.kubernetes.io/region",
            "failure-domain.beta.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/region");

    private Names() {
    }

    static boolean isDnsSubdomain(String s) {
        if (s == null || s.isEmpty() || s.length() > 253) {
            return false;
        }
        for (String part : s.split("\\.", -1)) {
            if (part.length() > 63 || !DNS_LABEL.matcher(part).matches()) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv4(String s) {
        return s != null && IPV4.matcher(s).matches();
    }

    static boolean isIp(String s) {
        if (isIpv4(s)) {
            return true;
        }
        if (s == null || !s.contains(":") || !IPV6_CHARS.matcher(s).matches()) {
            return false;
        }
        try {
            // with a ':' in it, the JDK parses an IPv6 literal and never asks DNS
            InetAddress.getByName(s);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** An IP address with a prefix length, e.g. 10.244.0.0/16 or fd00:10:244::/56. */
    static boolean isCidr(String s) {
        int slash = s == null ? -1 : s.indexOf('/');
        if (slash < 0 || !isIp(s.substring(0, slash))) {
            return false;
        }
        String bits = s.substring(slash + 1);
        if (!bits.matches("\\d{1,3}")) {
            return false;
        }
        int max = s.contains(":") ? 128 : 32;
        return Integer.parseInt(bits) <= max;
    }

    /** One CIDR, or an IPv4 and an IPv6 one separated by a comma (dual stack), as kubeadm's subnets take them. */
    static boolean isSubnetList(String s) {
        if (s == null) {
            return false;
        }
        String[] parts = s.split(",", -1);
        if (parts.length > 2) {
            return false;
        }
        for (String p : parts) {
            if (!isCidr(p)) {
                return false;
            }
        }
        return parts.length == 1 || parts[0].contains(":") != parts[1].contains(":");
    }

    /** A label or taint key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters. */
    static boolean isLabelKey(String key) {
        if (key == null) {
            return false;
        }
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0 && !isDnsSubdomain(key.substring(0, slash))) {
            return false;
        }
        return name.length() <= 63 && LABEL_NAME.matcher(name).matches();
    }

    static boolean isLabelValue(String value) {
        return value != null && (value.isEmpty() || value.length() <= 63 && LABEL_NAME.matcher(value).matches());
    }

    /**
     * Whether the kubelet accepts the label in {@code --node-labels}: since Kubernetes 1.16 it refuses to start
     * with a label in the kubernetes.io or k8s.io namespaces unless the label is one of its own or lies under
     * kubelet.kubernetes.io or node.kubernetes.io (so {@code node-role.kubernetes.io/worker} is refused).
     */
    static boolean kubeletMaySet(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return true;
        }
        String ns = key.substring(0, slash);
        if (!under(ns, "kubernetes.io") && !under(ns, "k8s.io")) {
            return true;
        }
        return KUBELET_LABELS.contains(key) || under(ns, "kubelet.kubernetes.io") || under(ns, "node.kubernetes.io");
    }

    private static boolean under(String namespace, String domain) {
        return namespace.equals(domain) || namespace.endsWith("." + domain);
    }
}
