package org.stackport.profile;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The built-in packs. Their values are the configuration provisioning feeds to the cloud and to kubeadm: the OS
 * pack names the Glance image, the Kubernetes pack the version and the pod and service ranges, the CNI pack the
 * manifest and its settings, the CSI pack the Cinder storage class.
 */
@Component
public class PackCatalog {

    public static final List<String> LAYERS = List.of("os", "k8s", "cni", "csi", "addon");
    public static final List<String> CORE_LAYERS = List.of("os", "k8s", "cni", "csi");

    private final List<Pack> packs = List.of(
            pack("os", "ubuntu", "Ubuntu", List.of("22.04", "24.04"), v -> """
                    # The Glance image every node boots from, and what cloud-init adds to it.
                    image: ubuntu-%s
                    packages:
                      - containerd
                      - conntrack
                      - socat
                    kernelModules:
                      - overlay
                      - br_netfilter
                    sysctl:
                      net.ipv4.ip_forward: 1
                    """.formatted(v)),
            pack("k8s", "kubernetes", "Kubernetes", List.of("1.30.8", "1.31.4", "1.32.1"), v -> """
                    # kubeadm's ClusterConfiguration: the version and the cluster's internal ranges.
                    kubernetesVersion: "%s"
                    podCidr: 192.168.0.0/16
                    serviceCidr: 10.96.0.0/12
                    apiServer:
                      extraArgs:
                        audit-log-maxage: "30"
                        profiling: "false"
                    kubelet:
                      maxPods: 110
                    """.formatted(v)),
            pack("cni", "calico", "Calico", List.of("3.28.2", "3.29.1"), v -> """
                    # Calico's operator (rendered by Stackport into cloud-init) and its IP pool settings.
                    operatorVersion: "v%s"
                    encapsulation: VXLANCrossSubnet
                    mtu: 1450
                    natOutgoing: true
                    """.formatted(v)),
            pack("cni", "cilium", "Cilium", List.of("1.15.11", "1.16.5"), v -> """
                    # Cilium's Helm values.
                    chart: cilium/cilium
                    chartVersion: "%s"
                    tunnelProtocol: vxlan
                    mtu: 1450
                    kubeProxyReplacement: false
                    """.formatted(v)),
            pack("csi", "cinder-csi", "OpenStack Cinder CSI", List.of("1.31.0", "1.32.0"), v -> """
                    # The cinder-csi-plugin chart and the default storage class it creates.
                    chartVersion: "%s"
                    storageClass:
                      name: cinder-default
                      default: true
                      volumeType: ""
                      reclaimPolicy: Delete
                      allowVolumeExpansion: true
                    """.formatted(v)),
            pack("addon", "metrics-server", "Metrics Server", List.of("0.7.2"), v -> """
                    chartVersion: "%s"
                    replicas: 1
                    args:
                      - --kubelet-insecure-tls
                    """.formatted(v)),
            pack("addon", "ingress-nginx", "Ingress NGINX", List.of("4.11.3"), v -> """
                    chartVersion: "%s"
                    controller:
                      replicaCount: 2
                      service:
                        type: LoadBalancer
                    """.formatted(v)),
            pack("addon", "cert-manager", "cert-manager", List.of("1.16.2"), v -> """
                    chartVersion: "%s"
                    installCRDs: true
                    """.formatted(v)));

    private static Pack pack(String layer, String name, String display, List<String> versions, Function<String, String> values) {
        Map<String, String> defaults = new LinkedHashMap<>();
        versions.forEach(v -> defaults.put(v, values.apply(v)));
        // in version order, so the catalog reads the same every time
        return new Pack(layer, name, display, versions, Collections.unmodifiableMap(defaults));
    }

    public List<Pack> all() {
        return packs;
    }

    public Optional<Pack> find(String name) {
        return packs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public List<Pack> inLayer(String layer) {
        return packs.stream().filter(p -> p.layer().equals(layer)).toList();
    }
}
