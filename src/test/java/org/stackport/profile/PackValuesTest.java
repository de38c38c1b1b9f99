package org.stackport.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stackport.shared.Errors;
import org.stackport.shared.FieldError;
import org.stackport.shared.ValidationException;

/** The rules on pack values, without Spring: each names its key and line. */
class PackValuesTest {

    static final PackCatalog CATALOG = new PackCatalog();

    static List<FieldError> problems(String packName, String version, String yaml) {
        Pack pack = CATALOG.find(packName).orElseThrow();
        Errors errors = new Errors();
        Map<String, Object> values = PackValues.parse(yaml, "packs[0].values", errors);
        if (values != null) {
            PackValues.check(pack.layer(), packName, version, values, yaml, "packs[0].values", errors);
        }
        try {
            errors.throwIfAny();
            return List.of();
        } catch (ValidationException e) {
            return e.errors();
        }
    }

    static String defaults(String packName, String version) {
        return CATALOG.find(packName).orElseThrow().defaultValues().get(version);
    }

    @Test
    void every_default_of_the_catalog_passes_its_own_rules() {
        for (Pack pack : CATALOG.all()) {
            for (String version : pack.versions()) {
                assertThat(problems(pack.name(), version, pack.defaultValues().get(version)))
                        .as(pack.name() + " " + version).isEmpty();
            }
        }
    }

    @Test
    void the_os_defaults_name_images_the_simulator_has_and_kubernetes_defaults_carry_the_usual_ranges() {
        assertThat(defaults("ubuntu", "22.04")).contains("image: ubuntu-22.04");
        assertThat(defaults("ubuntu", "24.04")).contains("image: ubuntu-24.04");
        assertThat(defaults("kubernetes", "1.31.4")).contains("kubernetesVersion: \"1.31.4\"", "podCidr: 192.168.0.0/16",
                "serviceCidr: 10.96.0.0/12");
        assertThat(CATALOG.find("kubernetes").orElseThrow().defaultValues().keySet()).containsExactly("1.30.8", "1.31.4", "1.32.1");
    }

    static Stream<Arguments> broken() {
        String k8s = defaults("kubernetes", "1.31.4");
        String csi = defaults("cinder-csi", "1.32.0");
        return Stream.of(
                Arguments.of("ubuntu", "22.04", "image: ubuntu-22.04\npackages:\n  - containerd\n  - 42\n",
                        "'packages' must be a list of texts (quote numbers and true/false) (line 2)"),
                Arguments.of("ubuntu", "22.04", "image: ubuntu-22.04\nsysctl: yes\n", "'sysctl' must be a mapping of keys to values, not a true/false (line 2)"),
                Arguments.of("ubuntu", "22.04", "image: 2204\n", "'image' must name the cloud's image"),
                Arguments.of("kubernetes", "1.31.4", k8s.replace("\"1.31.4\"", "1.31"), "'kubernetesVersion' must be a quoted version like \"1.31.4\" (line 2)"),
                Arguments.of("kubernetes", "1.31.4", k8s.replace("192.168.0.0/16", "192.168.0.0/25"),
                        "'podCidr' 192.168.0.0/25 must have a prefix from /8 to /24 (each node takes a /24 of it) (line 3)"),
                Arguments.of("kubernetes", "1.31.4", k8s.replace("10.96.0.0/12", "10.0.0.0/8"),
                        "'serviceCidr' 10.0.0.0/8 must have a prefix from /12 to /28 (the API server accepts /12 to /28) (line 4)"),
                Arguments.of("kubernetes", "1.31.4", k8s.replace("profiling: \"false\"", "profiling: false"),
                        "'apiServer.extraArgs.profiling' must be quoted text, e.g. \"false\" (Kubernetes takes its arguments as text) (line 8)"),
                Arguments.of("kubernetes", "1.31.4", k8s.replace("  maxPods: 110", "  maxPods: 1000"),
                        "'kubelet.maxPods' must be a whole number from 10 to 250 (line 10)"),
                Arguments.of("kubernetes", "1.31.4", k8s.replace("kubelet:\n  maxPods: 110", "kubelet: 110"),
                        "'kubelet' must be a mapping of keys to values, not a number (line 9)"),
                Arguments.of("calico", "3.29.1", defaults("calico", "3.29.1").replace("v3.29.1", "v3.27.0"),
                        "'operatorVersion' is v3.27.0 but must be \"v3.29.1\", the version of pack calico 3.29.1"),
                Arguments.of("calico", "3.29.1", defaults("calico", "3.29.1").replace("natOutgoing: true", "natOutgoing: \"yes\""),
                        "'natOutgoing' must be true or false (line 5)"),
                Arguments.of("cilium", "1.16.5", defaults("cilium", "1.16.5").replace("mtu: 1450", "mtu: \"1450\""),
                        "'mtu' must be a whole number from 1200 to 9000 (line 5)"),
                Arguments.of("cilium", "1.16.5", defaults("cilium", "1.16.5").replace("tunnelProtocol: vxlan", "tunnelProtocol: gre"),
                        "'tunnelProtocol' must be one of vxlan, geneve, disabled (line 4)"),
                Arguments.of("cinder-csi", "1.32.0", csi.replace("name: cinder-default", "name: Cinder_Default"),
                        "'storageClass.name' must be a Kubernetes name like cinder-default (line 4)"),
                Arguments.of("cinder-csi", "1.32.0", csi.replace("default: true", "default: 1"),
                        "'storageClass.default' must be true or false (line 5)"),
                Arguments.of("cinder-csi", "1.32.0", csi.replace("volumeType: \"\"", "volumeType: [ssd]"),
                        "'storageClass.volumeType' must be the name of a Cinder volume type"),
                Arguments.of("cinder-csi", "1.32.0", "chartVersion: \"1.32.0\"\n", "'storageClass' must be a mapping"),
                Arguments.of("ingress-nginx", "4.11.3", defaults("ingress-nginx", "4.11.3").replace("type: LoadBalancer", "type: External"),
                        "'controller.service.type' must be one of LoadBalancer, NodePort, ClusterIP (line 5)"),
                Arguments.of("metrics-server", "0.7.2", defaults("metrics-server", "0.7.2").replace("\"0.7.2\"", "\"0.6.0\""),
                        "'chartVersion' is 0.6.0 but must be \"0.7.2\""),
                Arguments.of("cert-manager", "1.16.2", defaults("cert-manager", "1.16.2").replace("installCRDs: true", "installCRDs: maybe"),
                        "'installCRDs' must be true or false (line 2)"),
                Arguments.of("ubuntu", "22.04", "image: ubuntu-22.04\n\timage2: x\n", "is not valid YAML at line 2"),
                Arguments.of("ubuntu", "22.04", "just text", "must be a YAML mapping of keys to values, not a text"));
    }

    @ParameterizedTest(name = "{0} {1}: {3}")
    @MethodSource("broken")
    void each_broken_value_is_named_with_its_key_and_line(String pack, String version, String yaml, String says) {
        List<FieldError> found = problems(pack, version, yaml);
        assertThat(found).extracting(FieldError::field).containsOnly("packs[0].values");
        assertThat(found).extracting(FieldError::message).anySatisfy(m -> assertThat(m).contains(says));
    }

    @Test
    void overrides_merge_mapping_by_mapping_and_replace_everything_else() {
        Map<String, Object> base = PackValues.parse(defaults("kubernetes", "1.31.4"), "x", new Errors());
        Map<String, Object> over = PackValues.parse("kubelet:\n  maxPods: 200\napiServer:\n  extraArgs:\n    profiling: \"true\"\n"
                + "podCidr: 172.16.0.0/16\n", "x", new Errors());
        Map<String, Object> merged = PackValues.merge(base, over);
        assertThat(merged).containsEntry("podCidr", "172.16.0.0/16").containsEntry("serviceCidr", "10.96.0.0/12");
        assertThat(merged.get("kubelet")).isEqualTo(Map.of("maxPods", 200));
        assertThat(merged.get("apiServer")).isEqualTo(Map.of("extraArgs", Map.of("audit-log-maxage", "30", "profiling", "true")));
        assertThat(base.get("podCidr")).isEqualTo("192.168.0.0/16");
        assertThat(PackValues.parse(PackValues.dump(merged), "x", new Errors())).isEqualTo(merged);
    }

    @Test
    void a_blank_version_follows_the_last_number() {
        assertThat(ClusterProfileService.bump("1.0.9")).isEqualTo("1.0.10");
        assertThat(ClusterProfileService.bump("2.3.0")).isEqualTo("2.3.1");
    }
}
