package org.stackport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Nova, Cinder and Glance routes and answers that openstack4j does not reach (basic lists, paging links,
 * metadata items, volume attachments, quota sets), and the exact error bodies each service sends, over plain HTTP.
 */
class ComputeVolumeImageRoutesTest {

    ManualClock clock;
    OpenStackSimulator sim;
    SimClient client;
    String project;
    String flavor;
    String image;
    String network;

    /** The seed tenant network (Neutron's), null when there is none. */
    private String privateNetwork() {
        return sim.inventory("network").stream().filter(n -> n.name().equals("private")).map(SimResource::id).findFirst().orElse(null);
    }

    @BeforeEach
    void start() {
        clock = new ManualClock(Instant.now());
        sim = OpenStackSimulator.start(0, SimulatorSettings.fast(), clock);
        client = new SimClient(sim, "demo", "demo");
        project = sim.projectId("dev");
        flavor = client.flavorId("m1.small");
        image = client.imageId("ubuntu-24.04");
        network = privateNetwork();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private String json(JsonNode node) {
        return SimClient.JSON.writeValueAsString(node);
    }

    private SimClient.Answer get(String path) {
        return client.call("GET", path, null);
    }

    // ---- Nova

    @Test
    void nova_answers_its_version_document_without_a_token() {
        JsonNode version = SimClient.JSON.readTree(sendWithoutToken("/compute/v2.1"));
        assertThat(version.at("/version/id").asString()).isEqualTo("v2.1");
    }

    private String sendWithoutToken(String path) {
        try (var http = java.net.http.HttpClient.newHttpClient()) {
            return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(sim.baseUrl() + path)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void flavors_come_as_a_basic_list_as_details_and_one_by_one() {
        JsonNode basic = get("/compute/v2.1/flavors").body().get("flavors");
        assertThat(basic).hasSize(4);
        assertThat(basic.get(0).has("vcpus")).isFalse();
        assertThat(basic.get(0).at("/links/0/href").asString()).startsWith(sim.baseUrl() + "/compute/v2.1/flavors/");
        JsonNode small = get("/compute/v2.1/flavors/" + flavor).body().get("flavor");
        assertThat(small.get("name").asString()).isEqualTo("m1.small");
        assertThat(small.get("ram").asInt()).isEqualTo(2048);
        assertThat(get("/compute/v2.1/flavors/detail?minRam=8192").body().get("flavors")).hasSize(2);
    }

    @Test
    void an_unknown_flavor_is_novas_item_not_found_body() {
        SimClient.Answer a = get("/compute/v2.1/flavors/99");
        assertThat(a.status()).isEqualTo(404);
        assertThat(json(a.body())).isEqualTo("{\"itemNotFound\":{\"message\":\"Flavor 99 could not be found.\",\"code\":404}}");
    }

    @Test
    void availability_zones_come_with_their_hosts_in_detail() {
        // the detail is for admins, as Nova's policy has it
        JsonNode zones = new SimClient(sim, "admin", "admin").call("GET", "/compute/v2.1/os-availability-zone/detail", null)
                .body().get("availabilityZoneInfo");
        assertThat(zones.findValuesAsString("zoneName")).contains("internal", "nova", "az1", "az2", "az3");
        assertThat(get("/compute/v2.1/os-availability-zone").body().get("availabilityZoneInfo")).hasSize(4);
    }

    @Test
    void key_pairs_read_in_detail_and_a_duplicate_is_novas_conflict_body() {
        JsonNode key = get("/compute/v2.1/os-keypairs/demo-key").body().get("keypair");
        assertThat(key.get("user_id").asString()).isNotEmpty();
        assertThat(key.get("fingerprint").asString()).contains(":");
        SimClient.Answer dup = client.call("POST", "/compute/v2.1/os-keypairs",
                "{\"keypair\":{\"name\":\"demo-key\",\"public_key\":\"" + key.get("public_key").asString() + "\"}}");
        assertThat(dup.status()).isEqualTo(409);
        assertThat(json(dup.body())).isEqualTo("{\"conflictingRequest\":{\"message\":\"Key pair 'demo-key' already exists.\",\"code\":409}}");
        assertThat(client.call("DELETE", "/compute/v2.1/os-keypairs/nope", null).status()).isEqualTo(404);
    }

    @Test
    void the_instance_quota_is_novas_forbidden_body() {
        sim.setQuota("dev", "instances", 1);
        client.createServer("one", flavor, image, network);
        SimClient.Answer a = client.call("POST", "/compute/v2.1/servers",
                "{\"server\":{\"name\":\"two\",\"flavorRef\":\"" + flavor + "\",\"imageRef\":\"" + image + "\",\"networks\":[{\"uuid\":\"" + network + "\"}]}}");
        assertThat(a.status()).isEqualTo(403);
        assertThat(json(a.body())).isEqualTo("{\"forbidden\":{\"message\":\"Quota exceeded for instances: Requested 1, "
                + "but already used 1 of 1 instances\",\"code\":403}}");
    }

    @Test
    void servers_page_with_limit_and_marker_as_nova_does() {
        String first = client.createServer("s-1", flavor, image, network);
        clock.advance(Duration.ofSeconds(1));
        String second = client.createServer("s-2", flavor, image, network);
        JsonNode page = get("/compute/v2.1/servers?limit=1").body();
        assertThat(page.at("/servers/0/id").asString()).isEqualTo(second); // newest first
        assertThat(page.at("/servers/0").has("status")).isFalse();
        String next = page.at("/servers_links/0/href").asString();
        assertThat(next).contains("marker=" + second);
        JsonNode rest = get(next.substring(sim.baseUrl().length())).body();
        assertThat(rest.at("/servers/0/id").asString()).isEqualTo(first);
        assertThat(get("/compute/v2.1/servers/detail?marker=nope").status()).isEqualTo(400);
        assertThat(get("/compute/v2.1/servers/detail?name=%5Es-").body().get("servers")).hasSize(2);
        assertThat(get("/compute/v2.1/servers/detail?name=%5Es-&status=ACTIVE").body().at("/servers/0/id").asString()).isEqualTo(first);
    }

    @Test
    void server_metadata_items_are_read_set_merged_and_deleted() {
        String id = client.createServer("meta", flavor, image, network);
        String base = "/compute/v2.1/servers/" + id + "/metadata";
        assertThat(client.call("POST", base, "{\"metadata\":{\"a\":\"1\",\"b\":\"2\"}}").body().get("metadata")).hasSize(2);
        assertThat(client.call("POST", base, "{\"metadata\":{\"c\":\"3\"}}").body().get("metadata")).hasSize(3);
        assertThat(client.call("PUT", base + "/a", "{\"meta\":{\"a\":\"9\"}}").body().at("/meta/a").asString()).isEqualTo("9");
        assertThat(get(base + "/a").body().at("/meta/a").asString()).isEqualTo("9");
        assertThat(client.call("PUT", base + "/a", "{\"meta\":{\"b\":\"9\"}}").status()).isEqualTo(400);
        assertThat(client.call("DELETE", base + "/b", null).status()).isEqualTo(204);
        assertThat(get(base + "/b").status()).isEqualTo(404);
        assertThat(client.call("DELETE", base + "/b", null).status()).isEqualTo(404);
        assertThat(get(base).body().get("metadata").propertyNames()).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void volume_attachments_are_listed_and_the_root_volume_cannot_be_detached() {
        SimClient.Answer created = client.call("POST", "/compute/v2.1/servers", """
                {"server":{"name":"bfv","flavorRef":"%s","networks":[{"uuid":"%s"}],
                 "block_device_mapping_v2":[{"boot_index":0,"uuid":"%s","source_type":"image","destination_type":"volume",
                 "volume_size":20,"delete_on_termination":true}]}}""".formatted(flavor, network, image));
        assertThat(created.status()).isEqualTo(202);
        String id = created.body().at("/server/id").asString();
        JsonNode list = get("/compute/v2.1/servers/" + id + "/os-volume_attachments").body().get("volumeAttachments");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("device").asString()).isEqualTo("/dev/vda");
        String volume = list.get(0).get("volumeId").asString();
        assertThat(get("/compute/v2.1/servers/" + id + "/os-volume_attachments/" + volume).body().at("/volumeAttachment/serverId").asString())
                .isEqualTo(id);
        assertThat(get("/compute/v2.1/servers/" + id).body().at("/server/image").asString()).isEmpty();
        SimClient.Answer detach = client.call("DELETE", "/compute/v2.1/servers/" + id + "/os-volume_attachments/" + volume, null);
        assertThat(detach.status()).isEqualTo(400);
        assertThat(get("/compute/v2.1/servers/" + id + "/os-volume_attachments/nope").status()).isEqualTo(404);
    }

    @Test
    void a_boot_volume_kept_on_termination_outlives_its_server_and_shows_as_a_leak() {
        String id = client.call("POST", "/compute/v2.1/servers", """
                {"server":{"name":"keep","flavorRef":"%s","networks":[{"uuid":"%s"}],
                 "block_device_mapping_v2":[{"boot_index":0,"uuid":"%s","source_type":"image","destination_type":"volume",
                 "volume_size":10,"delete_on_termination":false}]}}""".formatted(flavor, network, image)).body().at("/server/id").asString();
        assertThat(client.call("DELETE", "/compute/v2.1/servers/" + id, null).status()).isEqualTo(204);
        clock.advance(Duration.ofSeconds(1)); // Nova's delete takes a while
        assertThat(get("/compute/v2.1/servers/" + id).status()).isEqualTo(404);
        assertThat(sim.inventory("volume")).extracting(SimResource::status).containsExactly("available");
        assertThat(sim.orphans()).extracting(SimOrphan::kind, SimOrphan::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple("volume", "available volume, once attached to server " + id));
        assertThat(sim.quotaUsage("dev", "gigabytes")).isEqualTo(10);
    }

    @Test
    void a_server_may_ask_for_no_network_at_all() {
        SimClient.Answer a = client.call("POST", "/compute/v2.1/servers",
                "{\"server\":{\"name\":\"n\",\"flavorRef\":\"" + flavor + "\",\"imageRef\":\"" + image + "\",\"networks\":\"none\"}}");
        assertThat(a.status()).isEqualTo(202);
        assertThat(get("/compute/v2.1/servers/" + a.body().at("/server/id").asString()).body().at("/server/addresses").isEmpty()).isTrue();
    }

    @Test
    void user_data_that_is_not_base64_is_refused() {
        SimClient.Answer a = client.call("POST", "/compute/v2.1/servers", "{\"server\":{\"name\":\"u\",\"flavorRef\":\"" + flavor
                + "\",\"imageRef\":\"" + image + "\",\"user_data\":\"#cloud-config\\nruncmd: []\"}}");
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().at("/badRequest/message").asString()).endsWith("is not a 'base64'");
    }

    // ---- Cinder

    @Test
    void cinder_lists_basic_volumes_and_shows_one() {
        SimClient.Answer created = client.call("POST", "/volume/v3/" + project + "/volumes", "{\"volume\":{\"name\":\"v\",\"size\":1}}");
        assertThat(created.status()).isEqualTo(202);
        String id = created.body().at("/volume/id").asString();
        JsonNode basic = get("/volume/v3/" + project + "/volumes").body().get("volumes");
        assertThat(basic).hasSize(1);
        assertThat(basic.get(0).has("status")).isFalse();
        assertThat(get("/volume/v3/" + project + "/volumes/" + id).body().at("/volume/status").asString()).isEqualTo("creating");
        SimClient.Answer missing = get("/volume/v3/" + project + "/volumes/nope");
        assertThat(json(missing.body())).isEqualTo("{\"itemNotFound\":{\"message\":\"Volume nope could not be found.\",\"code\":404}}");
    }

    @Test
    void the_volume_quota_is_cinders_over_limit_body() {
        sim.setQuota("dev", "volumes", 0);
        SimClient.Answer a = client.call("POST", "/volume/v3/" + project + "/volumes", "{\"volume\":{\"name\":\"v\",\"size\":1}}");
        assertThat(a.status()).isEqualTo(413);
        assertThat(json(a.body())).isEqualTo("{\"overLimit\":{\"message\":\"VolumeLimitExceeded: Maximum number of volumes "
                + "allowed (0) exceeded for quota 'volumes'.\",\"code\":413}}");
    }

    @Test
    void quota_sets_show_limits_and_with_usage_what_is_in_use() {
        client.call("POST", "/volume/v3/" + project + "/volumes", "{\"volume\":{\"name\":\"v\",\"size\":3}}");
        JsonNode plain = get("/volume/v3/" + project + "/os-quota-sets/" + project).body().get("quota_set");
        assertThat(plain.get("volumes").asInt()).isEqualTo(10);
        JsonNode usage = get("/volume/v3/" + project + "/os-quota-sets/" + project + "?usage=true").body().get("quota_set");
        assertThat(usage.at("/volumes/in_use").asInt()).isEqualTo(1);
        assertThat(usage.at("/gigabytes/in_use").asInt()).isEqualTo(3);
        assertThat(usage.at("/gigabytes/limit").asInt()).isEqualTo(1000);
        assertThat(get("/volume/v3/" + project + "/os-quota-sets/" + sim.projectId("admin")).status()).isEqualTo(403);
    }

    @Test
    void volume_types_are_read_one_by_one() {
        JsonNode types = get("/volume/v3/" + project + "/types").body().get("volume_types");
        String id = types.get(1).get("id").asString();
        assertThat(get("/volume/v3/" + project + "/types/" + id).body().at("/volume_type/name").asString()).isEqualTo("lvmdriver-1");
        assertThat(get("/volume/v3/" + project + "/types/nope").status()).isEqualTo(404);
    }

    @Test
    void deleting_an_in_use_volume_is_cinders_bad_request_body() {
        String server = client.createServer("app", flavor, image, network);
        String volume = client.call("POST", "/volume/v3/" + project + "/volumes", "{\"volume\":{\"name\":\"v\",\"size\":1}}")
                .body().at("/volume/id").asString();
        clock.advance(Duration.ofSeconds(1));
        assertThat(client.call("POST", "/compute/v2.1/servers/" + server + "/os-volume_attachments",
                "{\"volumeAttachment\":{\"volumeId\":\"" + volume + "\"}}").status()).isEqualTo(200);
        SimClient.Answer a = client.call("DELETE", "/volume/v3/" + project + "/volumes/" + volume, null);
        assertThat(a.status()).isEqualTo(400);
        assertThat(a.body().at("/badRequest/code").asInt()).isEqualTo(400);
        assertThat(a.body().at("/badRequest/message").asString()).startsWith("Invalid volume: Volume status must be available");
        assertThat(get("/volume/v3/" + project + "/volumes/" + volume).body().at("/volume/attachments/0/server_id").asString())
                .isEqualTo(server);
    }

    // ---- Glance

    @Test
    void glance_pages_with_a_next_link_and_filters_by_name_and_status() {
        JsonNode first = get("/image/v2/images?limit=1").body();
        assertThat(first.get("images")).hasSize(1);
        String next = first.get("next").asString();
        assertThat(next).startsWith("/v2/images?marker=");
        JsonNode second = get("/image" + next).body();
        assertThat(second.at("/images/0/name").asString()).isEqualTo("ubuntu-22.04");
        assertThat(get("/image/v2/images?name=ubuntu-24.04&status=active").body().get("images")).hasSize(1);
        assertThat(get("/image/v2/images?status=queued").body().get("images")).isEmpty();
        assertThat(get("/image/v2/images").body().has("next")).isFalse();
        assertThat(get("/image/v2/images?marker=nope").status()).isEqualTo(400);
    }

    @Test
    void a_missing_image_is_glances_not_found_body() {
        SimClient.Answer a = get("/image/v2/images/nope");
        assertThat(a.status()).isEqualTo(404);
        assertThat(json(a.body())).isEqualTo("{\"message\":\"No image found with ID nope\",\"code\":\"404 Not Found\",\"title\":\"Not Found\"}");
    }

    // ---- inventory

    @Test
    void the_inventory_shows_seeds_and_statuses_of_servers_and_volumes() {
        assertThat(sim.inventory("flavor")).hasSize(4);
        assertThat(sim.inventory("image")).extracting(SimResource::status).containsOnly("active");
        assertThat(sim.inventory("keypair")).extracting(SimResource::name, SimResource::projectId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("demo-key", project));
        client.createServer("s", flavor, image, network);
        assertThat(sim.inventory("server")).extracting(SimResource::status).containsExactly("BUILD");
        clock.advance(Duration.ofSeconds(1));
        assertThat(sim.inventory("server")).extracting(SimResource::status).containsExactly("ACTIVE");
        assertThat(sim.quotaUsage("dev", "instances")).isEqualTo(1);
        assertThat(sim.quotaUsage("dev", "ram")).isEqualTo(2048);
    }
}
