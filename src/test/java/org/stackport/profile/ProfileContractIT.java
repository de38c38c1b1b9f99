package org.stackport.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.shared.NotFoundException;
import org.stackport.shared.ValidationException;
import org.stackport.support.Api;
import org.stackport.support.Fixtures;
import org.stackport.support.RunAs;
import org.stackport.tenancy.ApiKeyService;
import org.stackport.tenancy.ProjectRole;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What api.md and the cluster module rely on: list shape, versions, edges of the rules, resolve. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ProfileContractIT {

    static final String ADMIN_KEY = ProfileApiIT.ADMIN_KEY;
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Autowired
    PackCatalog catalog;
    @Autowired
    ClusterProfileService profiles;
    @Autowired
    Fixtures fixtures;
    @Autowired
    ApiKeyService keys;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    String body(String name, String version, List<ProfilePack> packs) {
        return JSON.writeValueAsString(new ProfileCommand(name, version, "by ProfileContractIT", "openstack", "infrastructure", packs));
    }

    List<ProfilePack> packs() {
        return new ArrayList<>(ProfileApiIT.packs(catalog));
    }

    static JsonNode json(Api.Response r) {
        return JSON.readTree(r.body());
    }

    Api.Response create(String name) {
        Api.Response r = api.post("/api/v1/cluster-profiles", ADMIN_KEY, body(name, null, packs()));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r;
    }

    @Test
    void the_list_has_the_shape_of_api_md_and_versions_are_listed_newest_first() {
        create("pc-list");
        JsonNode listed = null;
        for (JsonNode p : json(api.get("/api/v1/cluster-profiles", ADMIN_KEY))) {
            if (p.get("name").asString().equals("pc-list")) {
                listed = p;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("version").asString()).isEqualTo("1.0.0");
        assertThat(listed.get("cloudType").asString()).isEqualTo("openstack");
        assertThat(listed.get("type").asString()).isEqualTo("infrastructure");
        assertThat(listed.get("packs")).hasSize(4);
        assertThat(listed.get("packs").get(0).get("values").asString()).contains("image: ubuntu-22.04");

        // a hand-given version, then a blank one: it follows the highest, not the one made last
        assertThat(api.call("PUT", "/api/v1/cluster-profiles/pc-list", ADMIN_KEY, body("pc-list", "1.2.0", packs())).status())
                .isEqualTo(200);
        assertThat(api.call("PUT", "/api/v1/cluster-profiles/pc-list", ADMIN_KEY, body("pc-list", "1.1.0", packs())).status())
                .isEqualTo(200);
        Api.Response next = api.call("PUT", "/api/v1/cluster-profiles/pc-list", ADMIN_KEY, body(null, null, packs()));
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(json(next).get("version").asString()).isEqualTo("1.2.1");

        JsonNode versions = json(api.get("/api/v1/cluster-profiles/pc-list/versions", ADMIN_KEY));
        List<String> order = new ArrayList<>();
        versions.forEach(v -> order.add(v.get("version").asString() + (v.get("latest").asBoolean() ? "*" : "")));
        assertThat(order).containsExactly("1.2.1*", "1.1.0", "1.2.0", "1.0.0");
        assertThat(versions.get(0).get("createdBy").asString()).isEqualTo("admin");
        assertThat(versions.get(0).get("layers").asString()).contains("kubernetes 1.31.4");
        assertThat(api.get("/api/v1/cluster-profiles/pc-list/versions/1.0.0", ADMIN_KEY).status()).isEqualTo(200);
    }

    @Test
    void unknown_profiles_and_versions_are_404_for_every_verb() {
        assertThat(api.get("/api/v1/cluster-profiles/pc-none", ADMIN_KEY).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/cluster-profiles/pc-none/versions", ADMIN_KEY).status()).isEqualTo(404);
        assertThat(api.call("PUT", "/api/v1/cluster-profiles/pc-none", ADMIN_KEY, body("pc-none", null, packs())).status())
                .isEqualTo(404);
        assertThat(api.call("DELETE", "/api/v1/cluster-profiles/pc-none", ADMIN_KEY, null).status()).isEqualTo(404);
        create("pc-404");
        Api.Response missing = api.get("/api/v1/cluster-profiles/pc-404/versions/9.9.9", ADMIN_KEY);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(json(missing).get("detail").asString()).contains("has no version 9.9.9");
    }

    @Test
    void edges_of_the_rules_are_422_on_their_field() {
        List<ProfilePack> withNull = packs();
        withNull.add(null);
        assertThat(errors(api.post("/api/v1/cluster-profiles", ADMIN_KEY, body("pc-null", null, withNull))))
                .containsOnlyKeys("packs[4]");

        List<ProfilePack> twice = packs();
        twice.add(ProfileApiIT.pack(catalog, "cert-manager", "1.16.2"));
        twice.add(ProfileApiIT.pack(catalog, "cert-manager", "1.16.2"));
        assertThat(errors(api.post("/api/v1/cluster-profiles", ADMIN_KEY, body("pc-twice", null, twice))))
                .containsOnlyKeys("packs[5].name");

        List<ProfilePack> badVersion = packs();
        assertThat(errors(api.post("/api/v1/cluster-profiles", ADMIN_KEY, body("pc-version", "v1", badVersion))))
                .containsOnlyKeys("version");

        // two problems in one pack's values are one entry on its field, with both messages
        List<ProfilePack> two = packs();
        two.set(1, ProfileApiIT.values(two.get(1), two.get(1).values().replace("192.168.0.0/16", "nope")
                .replace("maxPods: 110", "maxPods: many")));
        Map<String, String> found = errors(api.post("/api/v1/cluster-profiles", ADMIN_KEY, body("pc-two", null, two)));
        assertThat(found).containsOnlyKeys("packs[1].values");
        assertThat(found.get("packs[1].values")).contains("'podCidr' must be an IPv4 CIDR like 192.168.0.0/16 (line 3)")
                .contains("'kubelet.maxPods' must be a whole number from 10 to 250 (line 10)");

        create("pc-rename");
        assertThat(errors(api.call("PUT", "/api/v1/cluster-profiles/pc-rename", ADMIN_KEY, body("pc-other", null, packs()))))
                .containsOnlyKeys("name");
        assertThat(api.get("/api/v1/cluster-profiles/pc-rename/versions", ADMIN_KEY).body()).doesNotContain("1.0.1");
    }

    Map<String, String> errors(Api.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        Map<String, String> found = new java.util.LinkedHashMap<>();
        json(r).get("errors").forEach(e -> {
            assertThat(found).as("one entry per field").doesNotContainKey(e.get("field").asString());
            found.put(e.get("field").asString(), e.get("message").asString());
        });
        return found;
    }

    @Test
    void resolve_gives_the_latest_or_a_named_version_and_404_for_unknown_ones() {
        create("pc-resolve");
        List<ProfilePack> next = packs();
        next.set(0, ProfileApiIT.pack(catalog, "ubuntu", "24.04"));
        next.set(2, ProfileApiIT.pack(catalog, "cilium", "1.16.5"));
        assertThat(api.call("PUT", "/api/v1/cluster-profiles/pc-resolve", ADMIN_KEY, body("pc-resolve", null, next)).status())
                .isEqualTo(200);

        ResolvedProfile latest = RunAs.admin(() -> profiles.resolve("pc-resolve", null));
        assertThat(latest.version()).isEqualTo("1.0.1");
        assertThat(latest.osImage()).isEqualTo("ubuntu-24.04");
        assertThat(latest.cni()).isEqualTo("cilium");
        assertThat(latest.packs()).extracting(ResolvedProfile.ResolvedPack::layer).containsExactly("os", "k8s", "cni", "csi");
        ResolvedProfile first = RunAs.admin(() -> profiles.resolve("pc-resolve", "1.0.0"));
        assertThat(first.osImage()).isEqualTo("ubuntu-22.04");
        assertThat(first.cni()).isEqualTo("calico");
        assertThatThrownBy(() -> RunAs.admin(() -> profiles.resolve("pc-resolve", "2.0.0"))).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> RunAs.admin(() -> profiles.resolve("pc-nowhere", null))).isInstanceOf(NotFoundException.class);
    }

    @Test
    void overrides_are_checked_like_profile_values_with_the_key_and_line_of_the_override() {
        create("pc-over");
        fixtures.user("pc-viewer", false);
        fixtures.member("default", "pc-viewer", ProjectRole.PROJECT_VIEWER);
        // a viewer may resolve (the wizard's review shows it), and overrides do not touch the profile
        ResolvedProfile merged = RunAs.user("pc-viewer", () -> profiles.resolveWithOverrides("pc-over", null,
                Map.of("calico", "mtu: 1400\n", "cinder-csi", "storageClass:\n  volumeType: ssd\n")));
        assertThat(merged.packs().get(2).values()).contains("mtu: 1400").contains("encapsulation: VXLANCrossSubnet");
        assertThat(merged.packs().get(3).values()).contains("volumeType: ssd").contains("name: cinder-default");
        assertThat(RunAs.admin(() -> profiles.resolve("pc-over", null)).packs().get(2).values()).contains("mtu: 1450");

        ValidationException e = catchValidation(() -> RunAs.admin(() -> profiles.resolveWithOverrides("pc-over", null,
                Map.of("kubernetes", "# ranges\nserviceCidr: 192.168.5.0/24\n", "calico", "natOutgoing: nope\nmtu: 9001\n",
                        "cert-manager", "installCRDs: false\n"))));
        assertThat(e.errors()).extracting(org.stackport.shared.FieldError::field)
                .containsExactlyInAnyOrder("packOverrides.kubernetes", "packOverrides.calico", "packOverrides.cert-manager");
        assertThat(e.messageFor("packOverrides.kubernetes")).contains("'serviceCidr' 192.168.5.0/24 overlaps 'podCidr' 192.168.0.0/16 (line 2)");
        assertThat(e.messageFor("packOverrides.calico")).contains("'natOutgoing' must be true or false (line 1)")
                .contains("'mtu' must be a whole number from 1200 to 9000 (line 2)");
        assertThat(e.messageFor("packOverrides.cert-manager")).contains("has no pack 'cert-manager'")
                .contains("ubuntu, kubernetes, calico, cinder-csi");
    }

    @Test
    void project_admins_and_viewers_read_profiles_but_only_tenant_admins_change_them() {
        create("pc-roles");
        fixtures.user("pc-padmin", false);
        fixtures.member("pc-elsewhere", "pc-padmin", ProjectRole.PROJECT_ADMIN);
        fixtures.user("pc-reader", false);
        fixtures.member("pc-elsewhere", "pc-reader", ProjectRole.PROJECT_VIEWER);
        String padmin = RunAs.admin(() -> keys.create("pc-padmin", "k", null).key());
        String reader = RunAs.admin(() -> keys.create("pc-reader", "k", null).key());
        assertThat(api.get("/api/v1/cluster-profiles/pc-roles/versions", reader).status()).isEqualTo(200);
        Api.Response denied = api.call("PUT", "/api/v1/cluster-profiles/pc-roles", reader, body("pc-roles", null, packs()));
        assertThat(denied.status()).isEqualTo(403);
        assertThat(json(denied).get("detail").asString()).contains("Only tenant admins may change cluster profiles");
        assertThat(api.get("/api/v1/cluster-profiles/pc-roles", padmin).status()).isEqualTo(200);
        assertThat(api.call("PUT", "/api/v1/cluster-profiles/pc-roles", padmin, body("pc-roles", null, packs())).status())
                .isEqualTo(403);
        assertThat(api.call("DELETE", "/api/v1/cluster-profiles/pc-roles", reader, null).status()).isEqualTo(403);
        assertThat(api.call("DELETE", "/api/v1/cluster-profiles/pc-roles", padmin, null).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/cluster-profiles/pc-roles", reader).status()).isEqualTo(200);
    }

    static ValidationException catchValidation(Runnable r) {
        try {
            r.run();
        } catch (ValidationException e) {
            return e;
        }
        throw new AssertionError("expected a ValidationException");
    }
}
