package org.stackport.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.stackport.cluster.ClusterSpec;
import org.stackport.openstack.CloudCredentials;
import org.stackport.openstack.NetworkApi;
import org.stackport.simulator.OpenStackSimulator;
import org.stackport.simulator.SimResource;
import org.stackport.simulator.SimSnapshot;
import org.stackport.simulator.SimulatorLauncher;
import org.stackport.support.Api;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine against the embedded simulator, through the REST API: deploy to Running, delete to nothing left, abort,
 * force delete, and the cloud's faults. The passes are driven here (the test profile does not start Quartz), each
 * one as the Quartz job would run it; the simulator's inventory, orphan detectors and quota are the judges.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
class ProvisioningIT {

    static final String KEY = "sp-test-bootstrap-key-0123456789";
    static final JsonMapper JSON = JsonMapper.builder().build();
    static final String PROFILE = "provisioning-it-profile";
    static final String BASE = "/api/v1/projects/default/clusters";
    static final List<String> COUNTED = List.of("instances", "cores", "ram", "volumes", "gigabytes");

    @LocalServerPort
    int port;
    @Autowired
    SimulatorLauncher launcher;
    @Autowired
    ProvisioningEngine engine;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    NetworkApi networks;
    @Autowired
    org.stackport.openstack.ComputeApi compute;
    @Autowired
    org.stackport.openstack.LoadBalancerApi lbs;

    Api api;
    OpenStackSimulator sim;
    SimSnapshot before;
    Map<String, Integer> quotaBefore;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        sim = launcher.simulator();
        sim.clearFaults();
        if (api.get("/api/v1/cluster-profiles/" + PROFILE, KEY).status() != 200) {
            Api.Response r = api.post("/api/v1/cluster-profiles", KEY,
                    org.stackport.cluster.ProfileFixture.body(api, KEY, PROFILE));
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        // the shared cloud's project also serves other tests: room for a few clusters' security groups
        sim.setQuota("dev", "security_group", 40);
        sim.setQuota("dev", "security_group_rule", 400);
        before = sim.snapshot();
        quotaBefore = new java.util.HashMap<>();
        COUNTED.forEach(q -> quotaBefore.put(q, sim.quotaUsage("dev", q)));
    }

    /** A test that failed half-way must not leave its clusters to the next: they are taken down here. */
    @AfterEach
    void takeDownWhatIsLeft() {
        sim.clearFaults();
        sim.setQuota("dev", "instances", 10);
        List<Long> left = jdbc.sql("select id from cluster where live_name is not null and name like 'prov-%'")
                .query(Long.class).list();
        for (long id : left) {
            String s = status(id);
            String next = switch (s) {
                case "Pending", "Provisioning" -> "Aborting";
                case "Running", "Failed" -> "Deleting";
                default -> s;
            };
            jdbc.sql("update cluster set status = ? where id = ?").params(next, id).update();
            try {
                drive(id, Duration.ofMinutes(2));
            } catch (AssertionError e) {
                jdbc.sql("update cluster set status = 'Deleted', live_name = null where id = ?").param(id).update();
            }
        }
    }

    // ---- specs

    static ClusterSpec staticSpec(String name, int masters, int workers) {
        return new ClusterSpec(name, "made by ProvisioningIT", List.of("env:test"), PROFILE, Map.of(), "local-openstack",
                new ClusterSpec.Placement("Default", "RegionOne", "dev", "demo-key", "static", "private", "private-subnet",
                        null, null),
                new ClusterSpec.MasterPool(masters, workers == 0, Map.of(), List.of(), "m1.small", List.of("az1", "az2", "az3"), 20),
                workers == 0 ? List.of() : List.of(new ClusterSpec.WorkerPool("workers", workers,
                        new ClusterSpec.Autoscaler(false, null, null), "expand-first", Map.of("tier", "web"), List.of(),
                        "m1.small", List.of("az1", "az2"), 20)),
                new ClusterSpec.Policies(false, false, null, null));
    }

    static ClusterSpec dynamicSpec(String name, String cidr) {
        return new ClusterSpec(name, "made by ProvisioningIT", List.of(), PROFILE, Map.of(), "local-openstack",
                new ClusterSpec.Placement("Default", "RegionOne", "dev", "demo-key", "dynamic", null, null, cidr,
                        List.of("1.1.1.1")),
                new ClusterSpec.MasterPool(3, false, Map.of(), List.of(), "m1.small", List.of("az1", "az2", "az3"), 20),
                List.of(new ClusterSpec.WorkerPool("web", 2, new ClusterSpec.Autoscaler(false, null, null), "expand-first",
                                Map.of(), List.of(), "m1.small", List.of("az1", "az2", "az3"), 20),
                        new ClusterSpec.WorkerPool("batch", 2, new ClusterSpec.Autoscaler(false, null, null), "expand-first",
                                Map.of(), List.of(), "m1.small", List.of("az1", "az2", "az3"), 20)),
                new ClusterSpec.Policies(true, true, null, null));
    }

    // ---- driving

    long create(ClusterSpec spec) {
        Api.Response r = api.post(BASE, KEY, JSON.writeValueAsString(spec));
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return id(spec.name());
    }

    long id(String name) {
        return jdbc.sql("select id from cluster where name = ? and live_name is not null").param(name).query(Long.class).single();
    }

    String status(long id) {
        return jdbc.sql("select status from cluster where id = ?").param(id).query(String.class).single();
    }

    /** Runs passes as the Quartz job would (waiting for the time each asks for) until the cluster rests. */
    String drive(long id, Duration limit) {
        Instant end = Instant.now().plus(limit);
        while (Instant.now().isBefore(end)) {
            Optional<Instant> next = engine.pass(id);
            if (next.isEmpty()) {
                return status(id);
            }
            sleepUntil(next.get());
        }
        throw new AssertionError("cluster " + id + " still " + status(id) + " after " + limit + ": " + events(id));
    }

    /** Passes until the predicate holds (for stopping in the middle of a deploy). */
    void driveUntil(long id, java.util.function.BooleanSupplier done, Duration limit) {
        Instant end = Instant.now().plus(limit);
        while (!done.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting: " + events(id)).isBefore(end);
            engine.pass(id).ifPresent(this::sleepUntil);
        }
    }

    void sleepUntil(Instant t) {
        long ms = Duration.between(Instant.now(), t).toMillis();
        if (ms > 0) {
            try {
                Thread.sleep(Math.min(ms, 1000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    JsonNode details(String name) {
        Api.Response r = api.get(BASE + "/" + name, KEY);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    String events(long id) {
        return engine.events(id).stream().map(e -> e.task() + ": " + e.state() + " " + e.message()).toList().toString();
    }

    String uid(String name) {
        return details(name).get("uid").asString();
    }

    List<SimResource> ofCluster(String uid) {
        String prefix = "sp-" + uid.substring(0, 8);
        return sim.inventory().stream().filter(r -> r.name() != null && r.name().startsWith(prefix)).toList();
    }

    /** Nothing of the cluster left: the inventory as before, no orphans, quota back to what it was. */
    void nothingLeft() {
        SimSnapshot.Diff diff = before.diff(sim.snapshot());
        assertThat(diff.created()).as("left in the cloud").isEmpty();
        assertThat(sim.orphans()).as("orphans").isEmpty();
        COUNTED.forEach(q -> assertThat(sim.quotaUsage("dev", q)).as("quota usage of " + q).isEqualTo(quotaBefore.get(q)));
    }

    void delete(String name) {
        Api.Response r = api.call("DELETE", BASE + "/" + name, KEY, null);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
    }

    // ---- the tests

    @Test
    void a_static_cluster_deploys_to_running_and_deletes_to_nothing_left() {
        long id = create(staticSpec("prov-static", 1, 2));
        assertThat(drive(id, Duration.ofMinutes(2))).as(events(id)).isEqualTo("Running");

        JsonNode c = details("prov-static");
        String uid = c.get("uid").asString();
        assertThat(c.get("progress").asInt()).isEqualTo(100);
        assertThat(c.get("nodes")).hasSize(3);
        c.get("nodes").forEach(n -> assertThat(n.get("status").asString()).isEqualTo("ACTIVE"));
        assertThat(c.get("nodes").get(0).get("role").asString()).isEqualTo("control-plane");
        assertThat(c.get("controlPlaneEndpoint").asString()).matches("[0-9.]+:6443");
        List<SimResource> made = ofCluster(uid);
        assertThat(made.stream().filter(r -> r.kind().equals("server")).toList()).hasSize(3)
                .allSatisfy(s -> assertThat(s.status()).isEqualTo("ACTIVE"));
        assertThat(made.stream().filter(r -> r.kind().equals("loadbalancer")).toList()).hasSize(1)
                .allSatisfy(lb -> assertThat(lb.status()).isEqualTo("ACTIVE"));
        // the cluster's tags and the pool's labels travel with the servers (Palette does not propagate tags; we do)
        CloudCredentials demo = new CloudCredentials(sim.identityEndpoint(), "demo", "demo", "Default", "dev", "RegionOne",
                false, null);
        SimResource worker = made.stream().filter(r -> r.kind().equals("server") && r.name().endsWith("-workers-0")).findFirst().orElseThrow();
        assertThat(compute.serverMetadata(demo, worker.id())).containsEntry("stackport-cluster", uid)
                .containsEntry("stackport-pool", "workers").containsEntry("tag:env:test", "true")
                .containsEntry("label:tier", "web");
        // the workers went round-robin over their two zones; the control plane into the first of its three
        Api.Response events = api.get(BASE + "/prov-static/events", KEY);
        assertThat(events.status()).isEqualTo(200);
        assertThat(JSON.readTree(events.body())).allSatisfy(e -> assertThat(e.get("state").asString()).isEqualTo("done"));
        assertThat(events.body()).contains("Create server sp-" + uid.substring(0, 8) + "-workers-1 (worker, az2)");

        delete("prov-static");
        assertThat(api.call("DELETE", BASE + "/prov-static", KEY, null).status()).as("a second delete changes nothing")
                .isEqualTo(202);
        assertThat(drive(id, Duration.ofMinutes(2))).as(events(id)).isEqualTo("Deleted");
        assertThat(api.get(BASE + "/prov-static", KEY).status()).isEqualTo(404);
        nothingLeft();
    }

    @Test
    void running_means_every_node_ready_and_the_kubeconfig_works_with_a_kubernetes_client_and_kubectl() throws Exception {
        long id = create(staticSpec("prov-kube", 1, 2));
        Api.Response early = api.get(BASE + "/prov-kube/kubeconfig", KEY);
        assertThat(early.status()).as("no kubeconfig before Running").isEqualTo(409);
        assertThat(drive(id, Duration.ofMinutes(3))).as(events(id)).isEqualTo("Running");
        JsonNode c = details("prov-kube");
        assertThat(c.get("nodes")).hasSize(3).allSatisfy(n -> {
            assertThat(n.get("ready").asBoolean()).as(n.toString()).isTrue();
            assertThat(n.get("kubeletVersion").asString()).startsWith("v1.");
        });
        assertThat(engine.events(id)).filteredOn(e -> e.task().startsWith("Wait for every node"))
                .singleElement().satisfies(e -> assertThat(e.message()).isEqualTo("all 3 nodes Ready"));

        Api.Response k = api.get(BASE + "/prov-kube/kubeconfig", KEY);
        assertThat(k.status()).as(k.body()).isEqualTo(200);
        assertThat(k.body()).contains("certificate-authority-data").contains("client-certificate-data")
                .contains("server: https://" + c.get("controlPlaneEndpoint").asString());
        try (var client = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(k.body())).build()) {
            assertThat(client.nodes().list().getItems()).hasSize(3).allSatisfy(n -> assertThat(n.getStatus().getConditions())
                    .anySatisfy(cond -> {
                        assertThat(cond.getType()).isEqualTo("Ready");
                        assertThat(cond.getStatus()).isEqualTo("True");
                    }));
        }
        java.nio.file.Path file = java.nio.file.Files.createTempFile("prov-kube", ".kubeconfig");
        try {
            java.nio.file.Files.writeString(file, k.body());
            if (onPath("kubectl")) {
                Process p = new ProcessBuilder("kubectl", "--kubeconfig", file.toString(), "get", "nodes", "--no-headers")
                        .redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes());
                assertThat(p.waitFor()).as(out).isZero();
                assertThat(out.lines().filter(l -> l.contains(" Ready ")).count()).as(out).isEqualTo(3);
            }
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
        assertThat(api.get("/api/v1/audit?limit=50", KEY).body()).contains("cluster.kubeconfig");
        // the client certificate is the caller's, for a day (stackport.kubeconfig.validity)
        var kubeconfig = io.fabric8.kubernetes.client.Config.fromKubeconfig(k.body());
        var cert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(java.util.Base64.getDecoder()
                        .decode(kubeconfig.getClientCertData())));
        assertThat(cert.getSubjectX500Principal().getName()).contains("CN=admin").contains("O=kubeadm:cluster-admins");
        assertThat(Duration.between(Instant.now(), cert.getNotAfter().toInstant()))
                .isBetween(Duration.ofHours(23), Duration.ofHours(24).plusMinutes(1));
        // a certificate of another CA is refused by the cluster's API
        var foreign = org.stackport.provisioning.bootstrap.ClusterPki.generate("elsewhere", java.time.Clock.systemUTC())
                .signClientCertificate("admin", List.of("kubeadm:cluster-admins"), Duration.ofHours(1), java.time.Clock.systemUTC());
        var forged = new io.fabric8.kubernetes.client.ConfigBuilder(kubeconfig)
                .withClientCertData(java.util.Base64.getEncoder().encodeToString(foreign.certPem().getBytes()))
                .withClientKeyData(java.util.Base64.getEncoder().encodeToString(foreign.keyPem().getBytes()))
                .withRequestRetryBackoffLimit(0).build();
        try (var client = new io.fabric8.kubernetes.client.KubernetesClientBuilder().withConfig(forged).build()) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> client.nodes().list())
                    .isInstanceOf(io.fabric8.kubernetes.client.KubernetesClientException.class);
        }

        delete("prov-kube");
        assertThat(drive(id, Duration.ofMinutes(2))).isEqualTo("Deleted");
        nothingLeft();
    }

    @Test
    void a_worker_that_never_joins_or_never_becomes_ready_fails_the_cluster_naming_the_node_and_delete_leaves_nothing() {
        long id = create(staticSpec("prov-nojoin", 1, 2));
        String uid = jdbc.sql("select uid from cluster where id = ?").param(id).query(String.class).single();
        String prefix = "sp-" + uid.substring(0, 8);
        // kubeadm join of this worker is refused (as with a wrong CA hash or an unknown token): it never registers
        sim.refuseKubeJoin(prefix + "-workers-1", "could not find a JWS signature in the cluster-info ConfigMap for token ID");
        sim.kubeNodeNeverReady(prefix + "-workers-0", "container runtime network not ready: cni plugin not initialized");
        assertThat(drive(id, Duration.ofMinutes(2))).as(events(id)).isEqualTo("Failed");
        String detail = details("prov-nojoin").get("statusDetail").asString();
        assertThat(detail).contains("Wait for every node to be Ready")
                .contains(prefix + "-workers-1 (not registered)")
                .contains(prefix + "-workers-0 (NotReady: container runtime network not ready");
        delete("prov-nojoin");
        assertThat(drive(id, Duration.ofMinutes(2))).isEqualTo("Deleted");
        nothingLeft();
    }

    @Test
    void the_policies_become_cronjobs_and_a_load_balancer_service_goes_away_with_its_load_balancer_before_delete() {
        ClusterSpec base = staticSpec("prov-addons", 1, 1);
        ClusterSpec spec = new ClusterSpec(base.name(), base.description(), base.tags(), base.profile(), base.packOverrides(),
                base.cloudAccount(), base.placement(), base.masterPool(), base.workerPools(),
                new ClusterSpec.Policies(false, false, "0 3 * * 0", new ClusterSpec.Backup("0 2 * * *", 5)));
        long id = create(spec);
        assertThat(drive(id, Duration.ofMinutes(3))).as(events(id)).isEqualTo("Running");
        String prefix = "sp-" + uid("prov-addons").substring(0, 8);
        Api.Response k = api.get(BASE + "/prov-addons/kubeconfig", KEY);
        CloudCredentials demo = new CloudCredentials(sim.identityEndpoint(), "demo", "demo", "Default", "dev", "RegionOne",
                false, null);
        try (var client = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(k.body())).build()) {
            var bench = client.batch().v1().cronjobs().inNamespace("stackport-system").withName("kube-bench").get();
            assertThat(bench.getSpec().getSchedule()).isEqualTo("0 3 * * 0");
            var backup = client.batch().v1().cronjobs().inNamespace("stackport-system").withName("etcd-backup").get();
            assertThat(backup.getSpec().getSchedule()).isEqualTo("0 2 * * *");
            assertThat(backup.getMetadata().getAnnotations()).containsEntry("stackport.io/retention-days", "5");
            assertThat(client.configMaps().inNamespace("stackport-system").withName("stackport-profile").get().getData())
                    .containsEntry("profile", PROFILE).containsKey("values.k8s.kubernetes.yaml");
            client.services().inNamespace("default").resource(new io.fabric8.kubernetes.api.model.ServiceBuilder()
                    .withNewMetadata().withName("web").endMetadata().withNewSpec().withType("LoadBalancer")
                    .addNewPort().withPort(80).endPort().endSpec().build()).create();
            client.persistentVolumeClaims().inNamespace("default").resource(
                    new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder().withNewMetadata().withName("data")
                            .endMetadata().withNewSpec().withAccessModes("ReadWriteOnce").withNewResources()
                            .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi")).endResources()
                            .endSpec().build()).create();
        }
        // what openstack-cloud-controller-manager would make for that Service
        String subnet = networks.findNetwork(demo, "private").orElseThrow().subnetIds().getFirst();
        lbs.createLoadBalancer(demo, "kube_service_" + prefix + "_default_web", subnet);

        Api.Response asked = api.call("DELETE", BASE + "/prov-addons?deleteVolumeClaims=true", KEY, null);
        assertThat(asked.status()).as(asked.body()).isEqualTo(202);
        assertThat(drive(id, Duration.ofMinutes(2))).as(events(id)).isEqualTo("Deleted");
        assertThat(events(id)).contains("deleted 1 Service(s) of type LoadBalancer: default/web")
                .contains("deleted 1 PersistentVolumeClaim(s): default/data")
                .contains("1 load balancer(s) of the cluster's Services to remove first");
        nothingLeft();
    }

    static boolean onPath(String command) {
        return java.util.Arrays.stream(System.getenv("PATH").split(java.io.File.pathSeparator))
                .anyMatch(d -> java.nio.file.Files.isExecutable(java.nio.file.Path.of(d, command)));
    }

    @Test
    void a_dynamic_cluster_with_three_control_plane_nodes_and_two_pools_over_three_zones_leaves_nothing() {
        long id = create(dynamicSpec("prov-dynamic", "10.61.0.0/24"));
        assertThat(drive(id, Duration.ofMinutes(3))).as(events(id)).isEqualTo("Running");
        JsonNode c = details("prov-dynamic");
        List<SimResource> made = ofCluster(c.get("uid").asString());
        assertThat(made.stream().filter(r -> r.kind().equals("server")).toList()).hasSize(7);
        assertThat(made.stream().map(SimResource::kind).distinct().toList())
                .contains("network", "subnet", "router", "security_group", "loadbalancer", "server_group", "port");
        // a floating IP carries the control plane: the simulator has an external network
        assertThat(c.get("controlPlaneEndpoint").asString()).isNotBlank();
        assertThat(c.get("resources").toString()).contains("\"kind\":\"floating IP\"");

        delete("prov-dynamic");
        assertThat(drive(id, Duration.ofMinutes(3))).as(events(id)).isEqualTo("Deleted");
        nothingLeft();
    }

    @Test
    void while_a_cluster_lives_its_account_and_profile_cannot_be_deleted_and_once_it_is_deleted_they_can() {
        Api.Response account = api.post("/api/v1/cloud-accounts", KEY, """
                {"name":"prov-account","username":"demo","password":"demo","identityEndpoint":"%s","parentRegion":"RegionOne",
                 "defaultDomain":"Default","defaultProject":"dev","scope":"tenant"}""".formatted(sim.identityEndpoint()));
        assertThat(account.status()).as(account.body()).isEqualTo(201);
        Api.Response profile = api.post("/api/v1/cluster-profiles", KEY,
                org.stackport.cluster.ProfileFixture.body(api, KEY, "prov-own-profile"));
        assertThat(profile.status()).as(profile.body()).isEqualTo(201);
        ClusterSpec s = staticSpec("prov-uses", 1, 0);
        ClusterSpec mine = new ClusterSpec(s.name(), s.description(), s.tags(), "prov-own-profile", s.packOverrides(),
                "prov-account", s.placement(), s.masterPool(), s.workerPools(), s.policies());
        long id = create(mine);
        assertThat(drive(id, Duration.ofMinutes(2))).isEqualTo("Running");
        assertThat(api.call("DELETE", "/api/v1/cloud-accounts/prov-account", KEY, null).status()).isEqualTo(409);
        assertThat(api.call("DELETE", "/api/v1/cluster-profiles/prov-own-profile", KEY, null).status()).isEqualTo(409);

        delete("prov-uses");
        assertThat(drive(id, Duration.ofMinutes(2))).isEqualTo("Deleted");
        nothingLeft();
        Api.Response gone = api.call("DELETE", "/api/v1/cloud-accounts/prov-account", KEY, null);
        assertThat(gone.status()).as(gone.body()).isEqualTo(204);
        Api.Response profileGone = api.call("DELETE", "/api/v1/cluster-profiles/prov-own-profile", KEY, null);
        assertThat(profileGone.status()).as(profileGone.body()).isEqualTo(204);
    }

    @Test
    void every_step_run_again_creates_nothing_twice() {
        long id = create(staticSpec("prov-twice", 1, 1));
        assertThat(drive(id, Duration.ofMinutes(2))).isEqualTo("Running");
        String uid = uid("prov-twice");
        List<SimResource> made = ofCluster(uid);

        // the journal forgets every step, and the ledger every id: each step must find what it made, not make it anew
        jdbc.sql("delete from provisioning_step where cluster_id = ?").param(id).update();
        jdbc.sql("update provisioning_resource set cloud_id = null, state = 'intended' where cluster_id = ?").param(id).update();
        jdbc.sql("update cluster set status = 'Provisioning' where id = ?").param(id).update();
        assertThat(drive(id, Duration.ofMinutes(2))).as(events(id)).isEqualTo("Running");
        assertThat(ofCluster(uid)).containsExactlyInAnyOrderElementsOf(made);

        delete("prov-twice");
        assertThat(drive(id, Duration.ofMinutes(2))).isEqualTo("Deleted");
        nothingLeft();
    }

    @Test
    void an_abort_in_the_middle_of_a_deploy_removes_everything_made_so_far() {
        long id = create(staticSpec("prov-abort", 1, 2));
        driveUntil(id, () -> ofCluster(uid("prov-abort")).stream().anyMatch(r -> r.kind().equals("server")),
                Duration.ofMinutes(1));
        assertThat(api.call("DELETE", BASE + "/prov-abort", KEY, null).status()).as("delete refused while provisioning")
                .isEqualTo(409);
        Api.Response abort = api.post(BASE + "/prov-abort/abort", KEY, "");
        assertThat(abort.status()).as(abort.body()).isEqualTo(202);
        assertThat(JSON.readTree(abort.body()).get("status").asString()).isEqualTo("Aborting");
        assertThat(drive(id, Duration.ofMinutes(2))).as(events(id)).isEqualTo("Deleted");
        nothingLeft();
    }

    @Test
    void a_quota_refusal_fails_the_cluster_with_the_clouds_numbers_and_delete_then_leaves_nothing() {
        int used = sim.quotaUsage("dev", "instances");
        int limitBefore = 10; // Nova's default, the simulator's too
        sim.setQuota("dev", "instances", used + 2);
        try {
            long id = create(staticSpec("prov-quota", 1, 1));
            // the preflight saw room for both nodes; by the time they are made, another user took one
            sim.setQuota("dev", "instances", used + 1);
            assertThat(drive(id, Duration.ofMinutes(2))).as(events(id)).isEqualTo("Failed");
            String detail = details("prov-quota").get("statusDetail").asString();
            assertThat(detail).contains("Create server").containsIgnoringCase("quota").contains("instances")
                    .contains("Raise the project's quota");
            sim.setQuota("dev", "instances", limitBefore);
            delete("prov-quota");
            assertThat(drive(id, Duration.ofMinutes(2))).isEqualTo("Deleted");
            nothingLeft();
        } finally {
            sim.setQuota("dev", "instances", limitBefore);
        }
    }

    @Test
    void a_pool_larger_than_novas_server_group_member_limit_is_refused_before_anything_is_made() {
        sim.setQuota("dev", "server_group_members", 2);
        try {
            Api.Response r = api.post(BASE, KEY, JSON.writeValueAsString(staticSpec("prov-members", 1, 3)));
            assertThat(r.status()).as(r.body()).isEqualTo(422);
            assertThat(r.body()).contains("workerPools[0].size").contains("3 node(s) in one server group, the cloud allows 2");
            assertThat(before.diff(sim.snapshot()).created()).isEmpty();
        } finally {
            sim.setQuota("dev", "server_group_members", 10);
        }
    }

    @Test
    void a_cluster_asked_for_while_its_gateway_upgrades_stays_pending_and_starts_after() {
        long gateway = jdbc.sql("select id from gateway where name = 'local-gateway'").query(Long.class).single();
        String was = jdbc.sql("select status from gateway where id = ?").param(gateway).query(String.class).single();
        jdbc.sql("update gateway set status = 'Upgrading' where id = ?").param(gateway).update();
        long id;
        try {
            id = create(staticSpec("prov-held", 1, 0));
            assertThat(engine.pass(id)).isPresent();
            assertThat(status(id)).isEqualTo("Pending");
            assertThat(details("prov-held").get("statusDetail").asString()).contains("upgrading");
            assertThat(ofCluster(uid("prov-held"))).isEmpty();
        } finally {
            jdbc.sql("update gateway set status = ? where id = ?").params(was, gateway).update();
        }
        assertThat(drive(id, Duration.ofMinutes(2))).as(events(id)).isEqualTo("Running");
        delete("prov-held");
        assertThat(drive(id, Duration.ofMinutes(2))).isEqualTo("Deleted");
        nothingLeft();
    }

    @Test
    void a_server_in_error_is_deleted_and_made_again_once_and_a_second_error_fails_with_novas_fault() {
        sim.failNextServers(1, "No valid host was found. There are not enough hosts available.");
        long id = create(staticSpec("prov-error-once", 1, 0));
        assertThat(drive(id, Duration.ofMinutes(2))).as(events(id)).isEqualTo("Running");
        assertThat(engine.events(id)).filteredOn(e -> e.task().startsWith("Create server sp-"))
                .singleElement().satisfies(e -> assertThat(e.attempts()).isEqualTo(1));
        delete("prov-error-once");
        assertThat(drive(id, Duration.ofMinutes(2))).isEqualTo("Deleted");

        sim.failNextServers(2, "No valid host was found. There are not enough hosts available.");
        long twice = create(staticSpec("prov-error-twice", 1, 0));
        assertThat(drive(twice, Duration.ofMinutes(2))).as(events(twice)).isEqualTo("Failed");
        assertThat(details("prov-error-twice").get("statusDetail").asString()).contains("No valid host was found");
        delete("prov-error-twice");
        assertThat(drive(twice, Duration.ofMinutes(2))).isEqualTo("Deleted");
        nothingLeft();
    }

    @Test
    void a_load_balancer_stuck_in_a_pending_state_is_waited_for_not_failed() {
        long id = create(staticSpec("prov-lb-stuck", 1, 0));
        driveUntil(id, () -> engine.events(id).stream().anyMatch(e -> e.task().startsWith("Create listener")),
                Duration.ofMinutes(1));
        // the next change under the load balancer keeps it PENDING_UPDATE for a while
        sim.holdNextTransitions("loadbalancer", 1, Duration.ofSeconds(6));
        assertThat(drive(id, Duration.ofMinutes(2))).as(events(id)).isEqualTo("Running");
        delete("prov-lb-stuck");
        assertThat(drive(id, Duration.ofMinutes(2))).isEqualTo("Deleted");
        nothingLeft();
    }

    @Test
    void a_load_balancer_in_error_is_made_again() {
        sim.failNextLoadBalancers(1, "Amphora failed to boot");
        long id = create(staticSpec("prov-lb-error", 1, 0));
        assertThat(drive(id, Duration.ofMinutes(2))).as(events(id)).isEqualTo("Running");
        assertThat(engine.events(id)).filteredOn(e -> e.task().startsWith("Create load balancer"))
                .singleElement().satisfies(e -> assertThat(e.attempts()).isEqualTo(1));
        delete("prov-lb-error");
        assertThat(drive(id, Duration.ofMinutes(2))).isEqualTo("Deleted");
        nothingLeft();
    }

    @Test
    void a_lost_create_answer_a_delete_answered_503_and_a_revoked_token_leave_no_duplicate_and_nothing_behind() {
        sim.ghost("POST", "/compute/v2.1/servers", 1);
        long id = create(staticSpec("prov-faults", 1, 1));
        driveUntil(id, () -> ofCluster(uid("prov-faults")).stream().anyMatch(r -> r.kind().equals("server")),
                Duration.ofMinutes(1));
        sim.revokeAllTokens();
        assertThat(drive(id, Duration.ofMinutes(2))).as(events(id)).isEqualTo("Running");
        assertThat(ofCluster(uid("prov-faults")).stream().filter(r -> r.kind().equals("server")).toList()).hasSize(2);

        sim.failNext("DELETE", "/compute/v2.1/servers/{id}", 1, 503);
        delete("prov-faults");
        assertThat(drive(id, Duration.ofMinutes(2))).as(events(id)).isEqualTo("Deleted");
        nothingLeft();
    }

    @Test
    void force_delete_is_refused_with_the_time_left_and_then_forgets_the_cluster_listing_what_may_remain() {
        long id = create(dynamicSpec("prov-force", "10.62.0.0/24"));
        assertThat(drive(id, Duration.ofMinutes(3))).isEqualTo("Running");
        JsonNode c = details("prov-force");
        String network = c.get("resources").valueStream()
                .filter(r -> r.get("kind").asString().equals("network")).findFirst().orElseThrow().get("id").asString();
        // someone else's port on the cluster's network blocks its delete
        CloudCredentials demo = new CloudCredentials(sim.identityEndpoint(), "demo", "demo", "Default", "dev", "RegionOne",
                false, null);
        String foreign = networks.createPort(demo, new NetworkApi.PortSpec("someone-elses-port", network, null, null,
                null)).id();

        assertThat(api.call("DELETE", BASE + "/prov-force?force=true", KEY, null).status())
                .as("force delete only for a cluster being deleted").isEqualTo(409);
        delete("prov-force");
        driveUntil(id, () -> events(id).contains(foreign), Duration.ofMinutes(2));
        assertThat(status(id)).isEqualTo("Deleting");

        Api.Response early = api.call("DELETE", BASE + "/prov-force?force=true", KEY, null);
        assertThat(early.status()).as(early.body()).isEqualTo(409);
        JsonNode problem = JSON.readTree(early.body());
        assertThat(problem.get("retryAfterSeconds").asLong()).isBetween(800L, 900L);
        assertThat(problem.get("detail").asString()).contains("min").contains("left");

        // fifteen minutes later
        jdbc.sql("update cluster set deleting_since = ? where id = ?")
                .params(java.sql.Timestamp.from(Instant.now().minus(Duration.ofMinutes(16))), id).update();
        Api.Response forced = api.call("DELETE", BASE + "/prov-force?force=true", KEY, null);
        assertThat(forced.status()).as(forced.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(forced.body());
        assertThat(answer.get("status").asString()).isEqualTo("Deleted");
        assertThat(answer.get("remaining").toString()).contains("network");
        assertThat(api.get(BASE + "/prov-force", KEY).status()).isEqualTo(404);
        Api.Response audit = api.get("/api/v1/audit?limit=20", KEY);
        assertThat(audit.body()).contains("cluster.force-delete.remaining").contains("network");

        // the leftovers are the user's now; clean up so the other tests start from a known cloud
        networks.deletePort(demo, foreign);
        answer.get("remaining").forEach(r -> {
            if (r.get("kind").asString().equals("subnet")) {
                networks.deleteSubnet(demo, r.get("id").asString());
            }
        });
        answer.get("remaining").forEach(r -> {
            if (r.get("kind").asString().equals("network")) {
                networks.deleteNetwork(demo, r.get("id").asString());
            }
        });
        nothingLeft();
    }
}
