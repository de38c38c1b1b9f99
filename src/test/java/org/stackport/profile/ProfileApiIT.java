package org.stackport.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.shared.FieldError;
import org.stackport.shared.ValidationException;
import org.stackport.support.Api;
import org.stackport.support.Fixtures;
import org.stackport.support.RunAs;
import org.stackport.tenancy.ApiKeyService;
import org.stackport.tenancy.ProjectRole;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The pack catalog and cluster profiles over REST: every rule on its field, versions, overrides, who may. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ProfileApiIT {

    static final String ADMIN_KEY = "sp-test-bootstrap-key-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Fixtures fixtures;
    @Autowired
    ApiKeyService keys;
    @Autowired
    PackCatalog catalog;
    @Autowired
    ClusterProfileService profiles;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    static List<ProfilePack> packs(PackCatalog catalog) {
        return List.of(pack(catalog, "ubuntu", "22.04"), pack(catalog, "kubernetes", "1.31.4"), pack(catalog, "calico", "3.29.1"),
                pack(catalog, "cinder-csi", "1.32.0"));
    }

    static ProfilePack pack(PackCatalog catalog, String name, String version) {
        Pack p = catalog.find(name).orElseThrow();
        return new ProfilePack(p.layer(), name, version, p.defaultValues().get(version));
    }

    ProfileCommand command(String name, UnaryOperator<List<ProfilePack>> change) {
        return new ProfileCommand(name, null, "by ProfileApiIT", "openstack", "infrastructure",
                change.apply(new ArrayList<>(packs(catalog))));
    }

    static JsonNode json(Api.Response r) {
        return JSON.readTree(r.body());
    }

    static List<String> fields(Api.Response r) {
        List<String> fields = new ArrayList<>();
        json(r).get("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }

    @Test
    void the_catalog_has_every_layer_with_versions_and_default_values() {
        JsonNode packs = json(api.get("/api/v1/packs", ADMIN_KEY));
        List<String> names = new ArrayList<>();
        packs.forEach(p -> names.add(p.get("layer").asString() + ":" + p.get("name").asString()));
        assertThat(names).contains("os:ubuntu", "k8s:kubernetes", "cni:calico", "cni:cilium", "csi:cinder-csi", "addon:metrics-server");
        JsonNode k8s = null;
        for (JsonNode p : packs) {
            if (p.get("name").asString().equals("kubernetes")) {
                k8s = p;
            }
        }
        assertThat(k8s.get("versions").toString()).contains("1.30.8", "1.31.4", "1.32.1");
        assertThat(k8s.get("defaultValues").get("1.32.1").asString()).contains("kubernetesVersion: \"1.32.1\"").contains("podCidr");
    }

    @Test
    void a_profile_is_created_read_versioned_and_deleted() {
        Api.Response r = api.post("/api/v1/cluster-profiles", ADMIN_KEY, JSON.writeValueAsString(command("pa-base", p -> p)));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(json(r).get("version").asString()).isEqualTo("1.0.0");
        List<String> layers = new ArrayList<>();
        json(r).get("packs").forEach(p -> layers.add(p.get("layer").asString()));
        assertThat(layers).containsExactly("os", "k8s", "cni", "csi");

        ProfileCommand next = command("pa-base", p -> {
            p.add(pack(catalog, "metrics-server", "0.7.2"));
            p.set(1, pack(catalog, "kubernetes", "1.32.1"));
            return p;
        });
        Api.Response v2 = api.call("PUT", "/api/v1/cluster-profiles/pa-base", ADMIN_KEY, JSON.writeValueAsString(next));
        assertThat(v2.status()).as(v2.body()).isEqualTo(200);
        assertThat(json(v2).get("version").asString()).isEqualTo("1.0.1");
        assertThat(json(v2).get("versions").toString()).isEqualTo("[\"1.0.1\",\"1.0.0\"]");
        JsonNode old = json(api.get("/api/v1/cluster-profiles/pa-base/versions/1.0.0", ADMIN_KEY));
        assertThat(old.get("packs").toString()).contains("1.31.4").doesNotContain("metrics-server");
        Api.Response same = api.call("PUT", "/api/v1/cluster-profiles/pa-base", ADMIN_KEY,
                JSON.writeValueAsString(new ProfileCommand("pa-base", "1.0.1", null, null, null, packs(catalog))));
        assertThat(same.status()).isEqualTo(422);
        assertThat(fields(same)).containsExactly("version");
        assertThat(api.get("/api/v1/cluster-profiles", ADMIN_KEY).body()).contains("\"pa-base\"").contains("metrics-server 0.7.2");

        assertThat(api.call("DELETE", "/api/v1/cluster-profiles/pa-base", ADMIN_KEY, null).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/cluster-profiles/pa-base", ADMIN_KEY).status()).isEqualTo(404);
        assertThat(jdbc.sql("select count(*) from cluster_profile_version v join cluster_profile p on p.id = v.profile_id "
                + "where p.name = 'pa-base'").query(Long.class).single()).isZero();
    }

    static ProfilePack values(ProfilePack p, String yaml) {
        return new ProfilePack(p.layer(), p.name(), p.version(), yaml);
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of("no os pack", (UnaryOperator<List<ProfilePack>>) p -> p.subList(1, 4), "packs", "needs an os pack"),
                Arguments.of("two k8s packs", (UnaryOperator<List<ProfilePack>>) p -> { p.add(p.get(1)); return p; }, "packs[4].layer", "one k8s pack"),
                Arguments.of("unknown layer", (UnaryOperator<List<ProfilePack>>) p -> { p.add(new ProfilePack("gpu", "x", "1", "")); return p; }, "packs[4].layer", "must be one of"),
                Arguments.of("unknown pack", (UnaryOperator<List<ProfilePack>>) p -> { p.set(2, new ProfilePack("cni", "flannel", "1", "")); return p; }, "packs[2].name", "no pack 'flannel'"),
                Arguments.of("pack of another layer", (UnaryOperator<List<ProfilePack>>) p -> { p.set(2, new ProfilePack("cni", "ubuntu", "22.04", "")); return p; }, "packs[2].name", "is a os pack"),
                Arguments.of("unknown version", (UnaryOperator<List<ProfilePack>>) p -> { p.set(1, new ProfilePack("k8s", "kubernetes", "1.20.0", "")); return p; }, "packs[1].version", "has versions"),
                Arguments.of("yaml does not parse", (UnaryOperator<List<ProfilePack>>) p -> { p.set(0, values(p.get(0), "image: [ubuntu\n")); return p; }, "packs[0].values", "not valid YAML at line"),
                Arguments.of("yaml is a list", (UnaryOperator<List<ProfilePack>>) p -> { p.set(0, values(p.get(0), "- a\n- b\n")); return p; }, "packs[0].values", "must be a YAML mapping"),
                Arguments.of("duplicate key", (UnaryOperator<List<ProfilePack>>) p -> { p.set(0, values(p.get(0), "image: a\nimage: b\n")); return p; }, "packs[0].values", "not valid YAML"),
                Arguments.of("no image", (UnaryOperator<List<ProfilePack>>) p -> { p.set(0, values(p.get(0), "packages: []\n")); return p; }, "packs[0].values", "'image'"),
                Arguments.of("version of another minor", (UnaryOperator<List<ProfilePack>>) p -> { p.set(1, values(p.get(1), p.get(1).values().replace("\"1.31.4\"", "\"1.30.2\""))); return p; }, "packs[1].values", "does not belong to pack kubernetes 1.31.4 (expected 1.31.x) (line 2)"),
                Arguments.of("bad pod cidr", (UnaryOperator<List<ProfilePack>>) p -> { p.set(1, values(p.get(1), p.get(1).values().replace("192.168.0.0/16", "192.168.0.0/33"))); return p; }, "packs[1].values", "'podCidr' must be an IPv4 CIDR"),
                Arguments.of("overlapping ranges", (UnaryOperator<List<ProfilePack>>) p -> { p.set(1, values(p.get(1), p.get(1).values().replace("10.96.0.0/12", "192.168.128.0/20"))); return p; }, "packs[1].values", "overlaps 'podCidr'"),
                Arguments.of("max pods text", (UnaryOperator<List<ProfilePack>>) p -> { p.set(1, values(p.get(1), p.get(1).values().replace("maxPods: 110", "maxPods: lots"))); return p; }, "packs[1].values", "'kubelet.maxPods' must be a whole number"),
                Arguments.of("mtu out of range", (UnaryOperator<List<ProfilePack>>) p -> { p.set(2, values(p.get(2), p.get(2).values().replace("mtu: 1450", "mtu: 100"))); return p; }, "packs[2].values", "'mtu' must be a whole number from 1200 to 9000"),
                Arguments.of("calico encapsulation", (UnaryOperator<List<ProfilePack>>) p -> { p.set(2, values(p.get(2), p.get(2).values().replace("VXLANCrossSubnet", "GRE"))); return p; }, "packs[2].values", "'encapsulation' must be one of"),
                Arguments.of("boolean as text", (UnaryOperator<List<ProfilePack>>) p -> { p.set(3, values(p.get(3), p.get(3).values().replace("allowVolumeExpansion: true", "allowVolumeExpansion: sometimes"))); return p; }, "packs[3].values", "'storageClass.allowVolumeExpansion' must be true or false"),
                Arguments.of("reclaim policy", (UnaryOperator<List<ProfilePack>>) p -> { p.set(3, values(p.get(3), p.get(3).values().replace("reclaimPolicy: Delete", "reclaimPolicy: Recycle"))); return p; }, "packs[3].values", "'storageClass.reclaimPolicy' must be one of"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void each_rule_is_a_422_on_its_field_and_nothing_is_stored(String rule, UnaryOperator<List<ProfilePack>> change, String field,
                                                                String says) {
        String name = "pa-bad-" + Math.abs(rule.hashCode() % 100000);
        Api.Response r = api.post("/api/v1/cluster-profiles", ADMIN_KEY, JSON.writeValueAsString(command(name, change)));
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(fields(r)).contains(field);
        assertThat(r.body()).contains(says);
        assertThat(api.get("/api/v1/cluster-profiles/" + name, ADMIN_KEY).status()).isEqualTo(404);
    }

    @Test
    void a_bad_name_and_a_duplicate_are_refused() {
        assertThat(fields(api.post("/api/v1/cluster-profiles", ADMIN_KEY, JSON.writeValueAsString(command("Bad Name", p -> p)))))
                .containsExactly("name");
        api.post("/api/v1/cluster-profiles", ADMIN_KEY, JSON.writeValueAsString(command("pa-dup", p -> p)));
        assertThat(fields(api.post("/api/v1/cluster-profiles", ADMIN_KEY, JSON.writeValueAsString(command("pa-dup", p -> p)))))
                .containsExactly("name");
    }

    @Test
    void a_clusters_overrides_merge_over_the_profile_and_are_checked_like_it() {
        RunAs.admin(() -> profiles.create(command("pa-over", p -> p)));
        ResolvedProfile merged = RunAs.admin(() -> profiles.resolveWithOverrides("pa-over", null,
                Map.of("kubernetes", "podCidr: 172.16.0.0/16\nkubelet:\n  maxPods: 200\n")));
        assertThat(merged.podCidr()).isEqualTo("172.16.0.0/16");
        assertThat(merged.serviceCidr()).isEqualTo("10.96.0.0/12");
        assertThat(merged.kubernetesVersion()).isEqualTo("1.31.4");
        assertThat(merged.osImage()).isEqualTo("ubuntu-22.04");
        assertThat(merged.cni()).isEqualTo("calico");
        assertThat(merged.packs().get(1).values()).contains("maxPods: 200").contains("apiServer");

        List<String> problems = new ArrayList<>();
        try {
            RunAs.admin(() -> profiles.resolveWithOverrides("pa-over", "1.0.0",
                    Map.of("kubernetes", "podCidr: 10.96.0.0/16\n", "nginx", "a: 1", "calico", "mtu: [")));
        } catch (ValidationException e) {
            e.errors().stream().map(FieldError::field).forEach(problems::add);
        }
        assertThat(problems).containsExactlyInAnyOrder("packOverrides.kubernetes", "packOverrides.nginx", "packOverrides.calico");
    }

    @Test
    void viewers_and_project_admins_read_profiles_tenant_admins_make_them() {
        fixtures.user("pa-viewer", false);
        fixtures.member("default", "pa-viewer", ProjectRole.PROJECT_VIEWER);
        fixtures.user("pa-admin", false);
        fixtures.member("pa-proj", "pa-admin", ProjectRole.PROJECT_ADMIN);
        String viewer = RunAs.admin(() -> keys.create("pa-viewer", "k", null).key());
        String admin = RunAs.admin(() -> keys.create("pa-admin", "k", null).key());
        assertThat(api.get("/api/v1/cluster-profiles", viewer).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/packs", viewer).status()).isEqualTo(200);
        assertThat(api.post("/api/v1/cluster-profiles", viewer, JSON.writeValueAsString(command("pa-by-viewer", p -> p))).status())
                .isEqualTo(403);
        assertThat(api.post("/api/v1/cluster-profiles", admin, JSON.writeValueAsString(command("pa-by-padmin", p -> p))).status())
                .isEqualTo(403);
        assertThat(api.get("/api/v1/cluster-profiles", admin).status()).isEqualTo(200);
        RunAs.admin(() -> profiles.create(command("pa-by-tadmin", p -> p)));
        assertThat(api.call("DELETE", "/api/v1/cluster-profiles/pa-by-tadmin", viewer, null).status()).isEqualTo(403);
        assertThat(api.call("DELETE", "/api/v1/cluster-profiles/pa-by-tadmin", admin, null).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/cluster-profiles/nope", viewer).status()).isEqualTo(404);
    }

    @Autowired
    StarterProfile starter;

    @Test
    void the_first_start_brings_a_starter_profile_once_and_deleting_it_is_final() {
        JsonNode p = json(api.get("/api/v1/cluster-profiles/ubuntu-k8s", ADMIN_KEY));
        assertThat(p.get("packs").toString()).contains("\"kubernetes\"").contains("1.32.1").contains("24.04");
        assertThat(api.call("DELETE", "/api/v1/cluster-profiles/ubuntu-k8s", ADMIN_KEY, null).status()).isEqualTo(204);
        starter.createOnce();
        assertThat(api.get("/api/v1/cluster-profiles/ubuntu-k8s", ADMIN_KEY).status()).isEqualTo(404);
    }
}
