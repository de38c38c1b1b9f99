package org.stackport.provisioning.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

class CloudInitTest {

    private static ClusterPki pki;
    private static final BootstrapToken TOKEN = new BootstrapToken("abcdef", "0123456789abcdef");

    private static final NodeBootstrap.Taint CONTROL_PLANE_TAINT =
            new NodeBootstrap.Taint("node-role.kubernetes.io/control-plane", "", "NoSchedule");
    private static final NodeBootstrap FIRST = new NodeBootstrap("prod-eu-cp-0", NodeBootstrap.CONTROL_PLANE,
            "10.0.0.11", Map.of("stackport.org/pool", "control-plane", "topology.kubernetes.io/zone", "az-1"),
            List.of(CONTROL_PLANE_TAINT));
    private static final NodeBootstrap SECOND = new NodeBootstrap("prod-eu-cp-1", NodeBootstrap.CONTROL_PLANE,
            "10.0.0.12", Map.of(), List.of(CONTROL_PLANE_TAINT));
    private static final NodeBootstrap WORKER = new NodeBootstrap("prod-eu-workers-0", NodeBootstrap.WORKER, null,
            Map.of("stackport.org/pool", "workers", "node.kubernetes.io/role", "worker"),
            List.of(new NodeBootstrap.Taint("dedicated", "gpu", "NoExecute")));

    @BeforeAll
    static void generate() {
        pki = ClusterPki.generate("prod-eu", Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC));
    }

    private static ClusterBootstrap cluster(String version, List<String> sans) {
        return new ClusterBootstrap("prod-eu", version, "api.prod-eu.example.com", 6443, sans, "10.244.0.0/16",
                "10.96.0.0/12", pki, TOKEN, true, true);
    }

    private static ClusterBootstrap cluster() {
        return cluster("1.30.4", List.of("api.prod-eu.example.com", "203.0.113.10", "10.0.0.10"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String userData) {
        assertThat(userData).startsWith("#cloud-config\n");
        Object o = new Yaml(new SafeConstructor(new LoaderOptions())).load(userData);
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> files(Map<String, Object> config) {
        return (List<Map<String, Object>>) config.get("write_files");
    }

    private static String content(Map<String, Object> config, String path) {
        return files(config).stream().filter(f -> path.equals(f.get("path"))).map(f -> (String) f.get("content"))
                .findFirst().orElseThrow(() -> new AssertionError("no file " + path));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> kubeadmDocuments(Map<String, Object> config) {
        List<Map<String, Object>> docs = new ArrayList<>();
        new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(content(config, "/etc/kubernetes/kubeadm.yaml"))
                .forEach(d -> docs.add((Map<String, Object>) d));
        return docs;
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Map<String, Object> map, String... path) {
        Object o = map;
        for (String key : path) {
            assertThat(o).as("parent of " + key).isInstanceOf(Map.class);
            o = ((Map<String, Object>) o).get(key);
        }
        return (T) o;
    }

    @Test
    void control_plane_init_writes_the_four_pairs_and_the_kubeadm_file_with_keys_private() {
        Map<String, Object> config = parse(CloudInit.controlPlaneInit(FIRST, cluster()));

        assertThat(content(config, "/etc/kubernetes/pki/ca.crt")).isEqualTo(pki.caCert());
        assertThat(content(config, "/etc/kubernetes/pki/ca.key")).isEqualTo(pki.caKey());
        assertThat(content(config, "/etc/kubernetes/pki/etcd/ca.crt")).isEqualTo(pki.etcdCaCert());
        assertThat(content(config, "/etc/kubernetes/pki/etcd/ca.key")).isEqualTo(pki.etcdCaKey());
        assertThat(content(config, "/etc/kubernetes/pki/front-proxy-ca.crt")).isEqualTo(pki.frontProxyCaCert());
        assertThat(content(config, "/etc/kubernetes/pki/front-proxy-ca.key")).isEqualTo(pki.frontProxyCaKey());
        assertThat(content(config, "/etc/kubernetes/pki/sa.pub")).isEqualTo(pki.serviceAccountPublicKey());
        assertThat(content(config, "/etc/kubernetes/pki/sa.key")).isEqualTo(pki.serviceAccountPrivateKey());
        assertThat(files(config)).filteredOn(f -> ((String) f.get("path")).endsWith(".key")
                        || ((String) f.get("path")).endsWith("kubeadm.yaml"))
                .hasSize(5).allSatisfy(f -> assertThat(f.get("permissions")).isEqualTo("0600"));
        assertThat(config.get("runcmd"))
                .isEqualTo(List.of(List.of("kubeadm", "init", "--config", "/etc/kubernetes/kubeadm.yaml")));
    }

    @Test
    void control_plane_init_configures_kubeadm_init_and_the_cluster() {
        List<Map<String, Object>> docs = kubeadmDocuments(parse(CloudInit.controlPlaneInit(FIRST, cluster())));

        assertThat(docs).extracting(d -> d.get("kind")).containsExactly("InitConfiguration", "ClusterConfiguration");
        assertThat(docs).allSatisfy(d -> assertThat(d.get("apiVersion")).isEqualTo("kubeadm.k8s.io/v1beta3"));
        Map<String, Object> init = docs.get(0);
        List<Map<String, Object>> tokens = at(init, "bootstrapTokens");
        assertThat(tokens).singleElement().satisfies(t -> {
            assertThat(t.get("token")).isEqualTo("abcdef.0123456789abcdef");
            assertThat(t.get("ttl")).isEqualTo("2h0m0s");
            assertThat(t.get("groups")).isEqualTo(List.of("system:bootstrappers:kubeadm:default-node-token"));
        });
        assertThat((String) at(init, "nodeRegistration", "name")).isEqualTo("prod-eu-cp-0");
        assertThat((String) at(init, "nodeRegistration", "kubeletExtraArgs", "node-labels"))
                .isEqualTo("stackport.org/pool=control-plane,topology.kubernetes.io/zone=az-1");
        assertThat((List<?>) at(init, "nodeRegistration", "taints"))
                .isEqualTo(List.of(Map.of("key", "node-role.kubernetes.io/control-plane", "effect", "NoSchedule")));
        assertThat((String) at(init, "localAPIEndpoint", "advertiseAddress")).isEqualTo("10.0.0.11");

        Map<String, Object> clusterConfig = docs.get(1);
        assertThat(clusterConfig.get("kubernetesVersion")).isEqualTo("v1.30.4");
        assertThat(clusterConfig.get("clusterName")).isEqualTo("prod-eu");
        assertThat(clusterConfig.get("controlPlaneEndpoint")).isEqualTo("api.prod-eu.example.com:6443");
        assertThat((List<?>) at(clusterConfig, "apiServer", "certSANs"))
                .isEqualTo(List.of("api.prod-eu.example.com", "203.0.113.10", "10.0.0.10"));
        assertThat((String) at(clusterConfig, "networking", "podSubnet")).isEqualTo("10.244.0.0/16");
        assertThat((String) at(clusterConfig, "networking", "serviceSubnet")).isEqualTo("10.96.0.0/12");
    }

    @Test
    void os_patching_and_reboot_follow_the_cluster_settings() {
        Map<String, Object> patched = parse(CloudInit.workerJoin(WORKER, cluster()));
        assertThat(patched).containsEntry("package_update", true).containsEntry("package_upgrade", true)
                .containsEntry("package_reboot_if_required", true);

        ClusterBootstrap c = cluster();
        ClusterBootstrap unpatched = new ClusterBootstrap(c.clusterName(), c.kubernetesVersion(), c.endpointHost(),
                c.endpointPort(), c.certSans(), c.podCidr(), c.serviceCidr(), pki, TOKEN, false, false);
        assertThat(parse(CloudInit.workerJoin(WORKER, unpatched))).containsEntry("package_update", false)
                .containsEntry("package_upgrade", false).containsEntry("package_reboot_if_required", false);
    }

    @Test
    void control_plane_join_carries_the_pairs_and_a_join_configuration_with_a_control_plane_section() {
        Map<String, Object> config = parse(CloudInit.controlPlaneJoin(SECOND, cluster()));

        assertThat(content(config, "/etc/kubernetes/pki/ca.key")).isEqualTo(pki.caKey());
        assertThat(content(config, "/etc/kubernetes/pki/etcd/ca.key")).isEqualTo(pki.etcdCaKey());
        assertThat(content(config, "/etc/kubernetes/pki/front-proxy-ca.key")).isEqualTo(pki.frontProxyCaKey());
        assertThat(content(config, "/etc/kubernetes/pki/sa.key")).isEqualTo(pki.serviceAccountPrivateKey());
        List<Map<String, Object>> docs = kubeadmDocuments(config);
        assertThat(docs).singleElement().satisfies(join -> {
            assertThat(join.get("kind")).isEqualTo("JoinConfiguration");
            assertThat((String) at(join, "discovery", "bootstrapToken", "token")).isEqualTo(TOKEN.value());
            assertThat((String) at(join, "discovery", "bootstrapToken", "apiServerEndpoint"))
                    .isEqualTo("api.prod-eu.example.com:6443");
            assertThat((List<?>) at(join, "discovery", "bootstrapToken", "caCertHashes"))
                    .isEqualTo(List.of(pki.caCertHash()));
            assertThat((String) at(join, "controlPlane", "localAPIEndpoint", "advertiseAddress"))
                    .isEqualTo("10.0.0.12");
            assertThat((String) at(join, "nodeRegistration", "name")).isEqualTo("prod-eu-cp-1");
        });
        assertThat(config.get("runcmd"))
                .isEqualTo(List.of(List.of("kubeadm", "join", "--config", "/etc/kubernetes/kubeadm.yaml")));
    }

    @Test
    void worker_join_pins_the_ca_by_hash_and_carries_no_key_at_all() {
        String userData = CloudInit.workerJoin(WORKER, cluster());
        Map<String, Object> config = parse(userData);

        assertThat(userData).doesNotContain("PRIVATE KEY").doesNotContain("BEGIN CERTIFICATE")
                .doesNotContain("unsafeSkipCAVerification");
        assertThat(files(config)).extracting(f -> f.get("path")).containsExactly("/etc/kubernetes/kubeadm.yaml");
        Map<String, Object> join = kubeadmDocuments(config).getFirst();
        assertThat(join.get("kind")).isEqualTo("JoinConfiguration");
        assertThat(join).doesNotContainKey("controlPlane");
        assertThat((String) at(join, "discovery", "bootstrapToken", "token")).isEqualTo("abcdef.0123456789abcdef");
        assertThat((List<?>) at(join, "discovery", "bootstrapToken", "caCertHashes"))
                .isEqualTo(List.of(pki.caCertHash()));
        assertThat((String) at(join, "nodeRegistration", "kubeletExtraArgs", "node-labels"))
                .isEqualTo("node.kubernetes.io/role=worker,stackport.org/pool=workers");
        assertThat((List<?>) at(join, "nodeRegistration", "taints"))
                .isEqualTo(List.of(Map.of("key", "dedicated", "value", "gpu", "effect", "NoExecute")));
    }

    @Test
    void from_kubernetes_1_31_the_v1beta4_api_is_written_with_listed_kubelet_arguments() {
        Map<String, Object> join = kubeadmDocuments(parse(CloudInit.workerJoin(WORKER, cluster("v1.32.1",
                List.of())))).getFirst();
        assertThat(join.get("apiVersion")).isEqualTo("kubeadm.k8s.io/v1beta4");
        assertThat((List<?>) at(join, "nodeRegistration", "kubeletExtraArgs")).isEqualTo(List.of(Map.of(
                "name", "node-labels", "value", "node.kubernetes.io/role=worker,stackport.org/pool=workers")));

        List<Map<String, Object>> init = kubeadmDocuments(parse(CloudInit.controlPlaneInit(FIRST,
                cluster("1.31.4", List.of()))));
        assertThat(init).allSatisfy(d -> assertThat(d.get("apiVersion")).isEqualTo("kubeadm.k8s.io/v1beta4"));
        assertThat(init.get(1).get("kubernetesVersion")).isEqualTo("v1.31.4");
    }

    @Test
    void a_node_rendered_for_the_wrong_role_is_refused_so_a_worker_never_gets_ca_keys() {
        assertThatThrownBy(() -> CloudInit.controlPlaneJoin(WORKER, cluster()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("role 'worker'");
        assertThatThrownBy(() -> CloudInit.controlPlaneInit(WORKER, cluster()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CloudInit.workerJoin(FIRST, cluster()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void user_data_for_a_realistic_cluster_stays_well_under_nova_s_limit() {
        List<String> sans = IntStream.range(0, 20).mapToObj(i -> "api-" + i + ".prod-eu.example.com").toList();
        ClusterBootstrap big = cluster("1.30.4", sans);
        for (String userData : List.of(CloudInit.controlPlaneInit(FIRST, big), CloudInit.controlPlaneJoin(SECOND, big),
                CloudInit.workerJoin(WORKER, big))) {
            int bytes = userData.getBytes(StandardCharsets.UTF_8).length;
            assertThat(bytes).isLessThan(65_536).isLessThanOrEqualTo(CloudInit.MAX_USER_DATA_BYTES);
        }
        assertThat(CloudInit.MAX_USER_DATA_BYTES).isEqualTo(49_149);
    }

    @Test
    void oversized_user_data_is_refused_with_its_size() {
        List<String> sans = IntStream.range(0, 3000).mapToObj(i -> "api-" + i + ".prod-eu.example.com").toList();
        assertThatThrownBy(() -> CloudInit.controlPlaneInit(FIRST, cluster("1.30.4", sans)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageMatching("user data for node prod-eu-cp-0 is \\d+ bytes \\(\\d+ in base64\\).*65535.*");
    }

    @Test
    void yaml_special_characters_in_a_value_stay_inside_their_scalar() {
        String hostile = "prod\": {evil: true} # '|- &a *a ---";
        ClusterBootstrap c = new ClusterBootstrap(hostile, "1.30.4", "api.example.com", 6443, List.of(),
                "10.244.0.0/16", "10.96.0.0/12", pki, TOKEN, false, false);
        List<Map<String, Object>> docs = kubeadmDocuments(parse(CloudInit.controlPlaneInit(FIRST, c)));
        assertThat(docs).hasSize(2);
        assertThat(docs.get(1).get("clusterName")).isEqualTo(hostile);
        assertThat(docs.get(1)).doesNotContainKey("evil");
    }

    @Test
    void a_cluster_name_with_a_line_break_is_refused() {
        assertThatThrownBy(() -> new ClusterBootstrap("prod\nevil: true", "1.30.4", "api.example.com", 6443,
                List.of(), "10.244.0.0/16", "10.96.0.0/12", pki, TOKEN, false, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_same_input_renders_the_same_user_data() {
        assertThat(CloudInit.controlPlaneInit(FIRST, cluster())).isEqualTo(CloudInit.controlPlaneInit(FIRST, cluster()));
        assertThat(CloudInit.workerJoin(WORKER, cluster())).isEqualTo(CloudInit.workerJoin(WORKER, cluster()));
    }

    @Test
    void an_ipv6_endpoint_is_bracketed() {
        ClusterBootstrap c = new ClusterBootstrap("prod-eu", "1.30.4", "2001:db8::10", 6443, List.of(),
                "10.244.0.0/16,fd00:10:244::/56", "10.96.0.0/12", pki, TOKEN, false, false);
        Map<String, Object> join = kubeadmDocuments(parse(CloudInit.workerJoin(WORKER, c))).getFirst();
        assertThat((String) at(join, "discovery", "bootstrapToken", "apiServerEndpoint"))
                .isEqualTo("[2001:db8::10]:6443");
    }
}
