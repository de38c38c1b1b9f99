package org.stackport.provisioning.bootstrap;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every node of one cluster shares in its user data: the cluster's name and Kubernetes version (as the
 * profile gives it, "1.30.4" or "v1.30.4"), the control-plane endpoint (the load balancer's host and port, which
 * the API server certificate must name; the API server itself listens on kubeadm's default 6443 on each node),
 * extra certificate SANs, the pod and service subnets (one CIDR, or an IPv4 and an IPv6 one comma-separated), the
 * PKI and bootstrap token, and whether nodes patch their OS on first boot.
 */
public record ClusterBootstrap(String clusterName, String kubernetesVersion, String endpointHost, int endpointPort,
                               List<String> certSans, String podCidr, String serviceCidr, ClusterPki pki,
                               BootstrapToken token, boolean osPatchOnBoot, boolean rebootIfRequired) {

    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)\\.(\\d+)(-[0-9A-Za-z.]+)?");

    /** kubeadm.k8s.io/v1beta3 arrived with kubeadm 1.22; older kubeadm reads neither API we write. */
    private static final int OLDEST_MINOR = 22;

    public ClusterBootstrap {
        if (clusterName == null || clusterName.isBlank() || clusterName.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a cluster name is required");
        }
        Matcher m = VERSION.matcher(Objects.requireNonNullElse(kubernetesVersion, ""));
        if (!m.matches() || !"1".equals(m.group(1)) || Integer.parseInt(m.group(2)) < OLDEST_MINOR) {
            throw new IllegalArgumentException("Kubernetes version '" + kubernetesVersion
                    + "' is not 1.x.y with x >= " + OLDEST_MINOR);
        }
        if (!Names.isIp(endpointHost) && !Names.isDnsSubdomain(endpointHost)) {
            throw new IllegalArgumentException("endpoint host '" + endpointHost
                    + "' is neither an IP address nor a lowercase DNS name");
        }
        if (endpointPort < 1 || endpointPort > 65535) {
            throw new IllegalArgumentException("endpoint port " + endpointPort + " is out of range");
        }
        certSans = List.copyOf(Objects.requireNonNullElse(certSans, List.of()));
        for (String san : certSans) {
            String dns = san.startsWith("*.") ? san.substring(2) : san;
            if (!Names.isIp(san) && !Names.isDnsSubdomain(dns)) {
                throw new IllegalArgumentException("certificate SAN '" + san
                        + "' is neither an IP address nor a lowercase DNS name");
            }
        }
        if (!Names.isSubnetList(podCidr)) {
            throw new IllegalArgumentException("pod subnet '" + podCidr + "' is not a CIDR (or an IPv4,IPv6 pair)");
        }
        if (!Names.isSubnetList(serviceCidr)) {
            throw new IllegalArgumentException("service subnet '" + serviceCidr
                    + "' is not a CIDR (or an IPv4,IPv6 pair)");
        }
        Objects.requireNonNull(pki, "pki");
        Objects.requireNonNull(token, "token");
    }

    /** The version as kubeadm wants it, with a leading "v": "1.30.4" becomes "v1.30.4". */
    public String kubeadmVersion() {
        return kubernetesVersion.startsWith("v") ? kubernetesVersion : "v" + kubernetesVersion;
    }

    /** The minor version, 30 for "v1.30.4". */
    public int minorVersion() {
        Matcher m = VERSION.matcher(kubernetesVersion);
        if (!m.matches()) {
            throw new IllegalStateException("checked in the constructor");
        }
        return Integer.parseInt(m.group(2));
    }

    /** "host:port", with an IPv6 host in brackets, as controlPlaneEndpoint and apiServerEndpoint take it. */
    public String controlPlaneEndpoint() {
        String host = endpointHost.contains(":") ? "[" + endpointHost + "]" : endpointHost;
        return host + ":" + endpointPort;
    }
}
