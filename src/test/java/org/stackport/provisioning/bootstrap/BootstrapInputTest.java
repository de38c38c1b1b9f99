package org.stackport.provisioning.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Inputs kubeadm or the kubelet would refuse on the node are refused before a server is created. */
class BootstrapInputTest {

    private static ClusterPki pki;
    private static final BootstrapToken TOKEN = new BootstrapToken("abcdef", "0123456789abcdef");

    @BeforeAll
    static void generate() {
        pki = ClusterPki.generate("c", Clock.systemUTC());
    }

    private static ClusterBootstrap cluster(String version, String host, List<String> sans, String pods) {
        return new ClusterBootstrap("c", version, host, 6443, sans, pods, "10.96.0.0/12", pki, TOKEN, false, false);
    }

    private static NodeBootstrap worker(Map<String, String> labels) {
        return new NodeBootstrap("w-0", NodeBootstrap.WORKER, null, labels, List.of());
    }

    @Test
    void the_kubernetes_version_is_given_to_kubeadm_with_a_leading_v() {
        assertThat(cluster("1.30.4", "api.example.com", List.of(), "10.244.0.0/16").kubeadmVersion())
                .isEqualTo("v1.30.4");
        assertThat(cluster("v1.30.4", "api.example.com", List.of(), "10.244.0.0/16").kubeadmVersion())
                .isEqualTo("v1.30.4");
        assertThat(cluster("1.31.0-rc.1", "api.example.com", List.of(), "10.244.0.0/16").minorVersion())
                .isEqualTo(31);
    }

    @Test
    void versions_kubeadm_s_configuration_apis_do_not_cover_are_refused() {
        for (String v : List.of("1.21.14", "2.0.0", "1.30", "latest", "")) {
            assertThatThrownBy(() -> cluster(v, "api.example.com", List.of(), "10.244.0.0/16"))
                    .as(v).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void endpoints_sans_and_subnets_must_be_addresses_names_and_cidrs() {
        assertThatThrownBy(() -> cluster("1.30.4", "api example.com", List.of(), "10.244.0.0/16"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cluster("1.30.4", "api.example.com", List.of("a,b"), "10.244.0.0/16"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cluster("1.30.4", "api.example.com", List.of(), "10.244.0.0"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cluster("1.30.4", "api.example.com", List.of(), "10.244.0.0/16,10.245.0.0/16"))
                .as("dual stack needs one IPv4 and one IPv6 range").isInstanceOf(IllegalArgumentException.class);
        assertThat(cluster("1.30.4", "10.0.0.10", List.of("*.apps.example.com", "2001:db8::1"),
                "10.244.0.0/16,fd00:10:244::/56").controlPlaneEndpoint()).isEqualTo("10.0.0.10:6443");
    }

    @Test
    void labels_the_kubelet_may_not_set_on_itself_are_refused() {
        assertThatThrownBy(() -> worker(Map.of("node-role.kubernetes.io/worker", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node.kubernetes.io/");
        assertThatThrownBy(() -> worker(Map.of("example.k8s.io/x", "y")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(worker(Map.of("node.kubernetes.io/role", "worker", "topology.kubernetes.io/zone", "az-1",
                "stackport.org/pool", "workers")).labels()).hasSize(3);
    }

    @Test
    void malformed_labels_and_taints_are_refused() {
        assertThatThrownBy(() -> worker(Map.of("pool", "a,b=c"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> worker(Map.of("bad key", "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NodeBootstrap.Taint("dedicated", "gpu", "NoWay"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new NodeBootstrap.Taint("dedicated", null, "NoSchedule").value()).isEmpty();
    }

    @Test
    void a_node_needs_a_dns_name_a_known_role_and_on_the_control_plane_an_address() {
        assertThatThrownBy(() -> new NodeBootstrap("Node_0", NodeBootstrap.WORKER, null, Map.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NodeBootstrap("n-0", "master", null, Map.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NodeBootstrap("n-0", NodeBootstrap.CONTROL_PLANE, null, Map.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("address");
        assertThatThrownBy(() -> new NodeBootstrap("n-0", NodeBootstrap.CONTROL_PLANE, "10.0.0.256", Map.of(),
                List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(new NodeBootstrap("n-0", NodeBootstrap.CONTROL_PLANE, "fd00::5", null, null).controlPlane())
                .isTrue();
    }
}
