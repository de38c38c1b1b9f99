package org.stackport.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deletes take time, as in a real cloud, over plain HTTP: the resource stays readable in its deleting state for
 * the configured duration, is refused while in use with the service's own error body, and is gone afterwards.
 */
class DeleteLifecycleTest {

    static final String INVALID_VOLUME = "Invalid volume: Volume status must be available or error or error_restoring "
            + "or error_extending or error_managing and must not be migrating, attached, belong to a group, have "
            + "snapshots, awaiting a transfer, or be disassociated from snapshots after volume transfer.";

    ManualClock clock;
    OpenStackSimulator sim;
    SimClient client;
    String volumes;

    @BeforeEach
    void start() {
        clock = new ManualClock(Instant.parse("2026-03-01T10:00:00Z"));
        SimulatorSettings fast = SimulatorSettings.fast();
        // deletes take longer than a clock step here, so the tests see that the duration is the setting's
        SimulatorSettings settings = new SimulatorSettings(fast.tokenTtl(), fast.serverBuild(), fast.volumeCreate(),
                fast.loadBalancerCreate(), fast.loadBalancerUpdate(), fast.loadBalancerDelete(), Duration.ofSeconds(5),
                fast.serverDelete(), fast.serverAction(), fast.floatingIpActivate());
        sim = OpenStackSimulator.start(0, settings, clock);
        client = new SimClient(sim, "demo", "demo");
        volumes = "/volume/v3/" + sim.projectId("dev") + "/volumes";
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    String availableVolume(String name) {
        SimClient.Answer created = client.call("POST", volumes, "{\"volume\":{\"name\":\"" + name + "\",\"size\":1}}");
        assertThat(created.status()).isEqualTo(202);
        clock.advance(Duration.ofSeconds(1));
        return created.body().get("volume").get("id").asString();
    }

    @Test
    void a_volume_is_deleting_for_the_volume_delete_duration_then_404() {
        String id = availableVolume("data");
        assertThat(client.call("DELETE", volumes + "/" + id, null).status()).isEqualTo(202);

        clock.advance(Duration.ofSeconds(4));
        SimClient.Answer deleting = client.call("GET", volumes + "/" + id, null);
        assertThat(deleting.status()).isEqualTo(200);
        assertThat(deleting.body().get("volume").get("status").asString()).isEqualTo("deleting");
        assertThat(client.call("GET", volumes + "/detail", null).body().get("volumes")).hasSize(1);

        clock.advance(Duration.ofSeconds(1));
        SimClient.Answer gone = client.call("GET", volumes + "/" + id, null);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body().toString()).isEqualTo(
                "{\"itemNotFound\":{\"message\":\"Volume " + id + " could not be found.\",\"code\":404}}");
        assertThat(client.call("GET", volumes + "/detail", null).body().get("volumes")).isEmpty();
        assertThat(sim.inventory("volume")).isEmpty();
    }

    @Test
    void deleting_a_volume_that_is_already_deleting_is_refused_with_cinders_invalid_volume() {
        String id = availableVolume("data");
        assertThat(client.call("DELETE", volumes + "/" + id, null).status()).isEqualTo(202);
        SimClient.Answer again = client.call("DELETE", volumes + "/" + id, null);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body().toString()).isEqualTo(
                "{\"badRequest\":{\"message\":\"" + INVALID_VOLUME + "\",\"code\":400}}");
    }

    @Test
    void an_attached_volume_is_refused_with_cinders_exact_body_and_stays_in_use() {
        String server = client.createServer("app", client.flavorId("m1.small"), client.imageId("ubuntu-24.04"),
                client.networkId("private"));
        clock.advance(Duration.ofSeconds(1));
        String id = availableVolume("data");
        SimClient.Answer attach = client.call("POST", "/compute/v2.1/servers/" + server + "/os-volume_attachments",
                "{\"volumeAttachment\":{\"volumeId\":\"" + id + "\"}}");
        assertThat(attach.status()).isEqualTo(200);

        SimClient.Answer refused = client.call("DELETE", volumes + "/" + id, null);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().toString()).isEqualTo(
                "{\"badRequest\":{\"message\":\"" + INVALID_VOLUME + "\",\"code\":400}}");
        assertThat(client.call("GET", volumes + "/" + id, null).body().get("volume").get("status").asString())
                .isEqualTo("in-use");
    }

    static String neutronError(String type, String message) {
        return "{\"NeutronError\":{\"type\":\"" + type + "\",\"message\":\"" + message + "\",\"detail\":\"\"}}";
    }

    String create(String path, String root, String json) {
        SimClient.Answer a = client.call("POST", path, json);
        assertThat(a.status()).as(path + " " + a.body()).isIn(201, 202);
        return a.body().get(root).get("id").asString();
    }

    @Test
    void a_load_balancer_in_pending_delete_is_readable_refuses_changes_and_keeps_its_network_busy_until_gone() {
        String lbs = "/load-balancer/v2/lbaas";
        String net = create("/network/v2.0/networks", "network", "{\"network\":{\"name\":\"lb-net\"}}");
        String subnet = create("/network/v2.0/subnets", "subnet",
                "{\"subnet\":{\"network_id\":\"" + net + "\",\"cidr\":\"192.168.7.0/24\",\"ip_version\":4}}");
        String lb = create(lbs + "/loadbalancers", "loadbalancer", "{\"loadbalancer\":{\"name\":\"api\",\"vip_subnet_id\":\"" + subnet + "\"}}");
        clock.advance(Duration.ofSeconds(1));
        String listener = create(lbs + "/listeners", "listener",
                "{\"listener\":{\"loadbalancer_id\":\"" + lb + "\",\"protocol\":\"TCP\",\"protocol_port\":6443}}");
        clock.advance(Duration.ofSeconds(1));
        String vipPort = client.call("GET", lbs + "/loadbalancers/" + lb, null).body().get("loadbalancer").get("vip_port_id").asString();

        SimClient.Answer children = client.call("DELETE", lbs + "/loadbalancers/" + lb, null);
        assertThat(children.status()).isEqualTo(400);
        assertThat(children.body().get("faultstring").asString())
                .isEqualTo("Validation failure: Cannot delete Load Balancer " + lb + " - it has children");
        assertThat(client.call("DELETE", lbs + "/loadbalancers/" + lb + "?cascade=true", null).status()).isEqualTo(204);

        SimClient.Answer pending = client.call("GET", lbs + "/loadbalancers/" + lb, null);
        assertThat(pending.body().get("loadbalancer").get("provisioning_status").asString()).isEqualTo("PENDING_DELETE");
        assertThat(client.call("GET", lbs + "/listeners/" + listener, null).body().get("listener")
                .get("provisioning_status").asString()).isEqualTo("PENDING_DELETE");
        SimClient.Answer update = client.call("PUT", lbs + "/loadbalancers/" + lb, "{\"loadbalancer\":{\"name\":\"x\"}}");
        assertThat(update.status()).isEqualTo(409);
        assertThat(update.body().toString()).isEqualTo("{\"faultcode\":\"Client\",\"faultstring\":\"Invalid state "
                + "PENDING_DELETE of loadbalancer resource " + lb + "\",\"debuginfo\":null}");
        SimClient.Answer again = client.call("DELETE", lbs + "/loadbalancers/" + lb + "?cascade=true", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("faultstring").asString()).isEqualTo("Invalid state PENDING_DELETE of loadbalancer resource " + lb);
        SimClient.Answer child = client.call("POST", lbs + "/listeners",
                "{\"listener\":{\"loadbalancer_id\":\"" + lb + "\",\"protocol\":\"TCP\",\"protocol_port\":80}}");
        assertThat(child.status()).isEqualTo(409);
        assertThat(child.body().get("faultstring").asString()).isEqualTo("Load Balancer " + lb + " is immutable and cannot be updated.");

        // the VIP port is released only at the end: Neutron still refuses the subnet and the network
        assertThat(client.call("GET", "/network/v2.0/ports/" + vipPort, null).status()).isEqualTo(200);
        SimClient.Answer subnetBusy = client.call("DELETE", "/network/v2.0/subnets/" + subnet, null);
        assertThat(subnetBusy.status()).isEqualTo(409);
        assertThat(subnetBusy.body().toString()).isEqualTo(neutronError("SubnetInUse", "Unable to complete operation on subnet "
                + subnet + ": One or more ports have an IP allocation from this subnet."));
        SimClient.Answer netBusy = client.call("DELETE", "/network/v2.0/networks/" + net, null);
        assertThat(netBusy.status()).isEqualTo(409);
        assertThat(netBusy.body().toString()).isEqualTo(neutronError("NetworkInUse", "Unable to complete operation on network "
                + net + ". There are one or more ports still in use on the network."));

        clock.advance(Duration.ofSeconds(1));
        assertThat(client.call("GET", lbs + "/loadbalancers/" + lb, null).status()).isEqualTo(404);
        assertThat(client.call("GET", lbs + "/listeners/" + listener, null).status()).isEqualTo(404);
        assertThat(client.call("GET", "/network/v2.0/ports/" + vipPort, null).status()).isEqualTo(404);
        assertThat(client.call("DELETE", "/network/v2.0/subnets/" + subnet, null).status()).isEqualTo(204);
        assertThat(client.call("DELETE", "/network/v2.0/networks/" + net, null).status()).isEqualTo(204);
    }

    @Test
    void a_security_group_in_use_and_a_router_with_interfaces_are_refused_with_neutrons_bodies() {
        String sg = create("/network/v2.0/security-groups", "security_group", "{\"security_group\":{\"name\":\"web\"}}");
        String port = create("/network/v2.0/ports", "port", "{\"port\":{\"network_id\":\"" + client.networkId("private")
                + "\",\"security_groups\":[\"" + sg + "\"]}}");
        SimClient.Answer sgBusy = client.call("DELETE", "/network/v2.0/security-groups/" + sg, null);
        assertThat(sgBusy.status()).isEqualTo(409);
        assertThat(sgBusy.body().toString()).isEqualTo(neutronError("SecurityGroupInUse", "Security Group " + sg + " in use."));

        String router = create("/network/v2.0/routers", "router", "{\"router\":{\"name\":\"r\"}}");
        // a subnet of its own: the seed's private-subnet already has router1 on its gateway address
        String own = create("/network/v2.0/networks", "network", "{\"network\":{\"name\":\"routed\"}}");
        String subnet = create("/network/v2.0/subnets", "subnet", "{\"subnet\":{\"network_id\":\"" + own
                + "\",\"cidr\":\"10.30.0.0/24\",\"ip_version\":4}}");
        assertThat(client.call("PUT", "/network/v2.0/routers/" + router + "/add_router_interface",
                "{\"subnet_id\":\"" + subnet + "\"}").status()).isEqualTo(200);
        SimClient.Answer routerBusy = client.call("DELETE", "/network/v2.0/routers/" + router, null);
        assertThat(routerBusy.status()).isEqualTo(409);
        assertThat(routerBusy.body().toString()).isEqualTo(neutronError("RouterInUse", "Router " + router + " still has ports"));

        assertThat(client.call("DELETE", "/network/v2.0/ports/" + port, null).status()).isEqualTo(204);
        assertThat(client.call("DELETE", "/network/v2.0/security-groups/" + sg, null).status()).isEqualTo(204);
    }
}
