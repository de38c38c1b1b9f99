package org.stackport.simulator;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.stackport.provisioning.bootstrap.BootstrapToken;
import org.stackport.provisioning.bootstrap.CloudInit;
import org.stackport.provisioning.bootstrap.ClusterBootstrap;
import org.stackport.provisioning.bootstrap.ClusterPki;
import org.stackport.provisioning.bootstrap.NodeBootstrap;
import org.stackport.provisioning.bootstrap.SignedCertificate;
import tools.jackson.databind.JsonNode;

/**
 * A cluster's cloud side built by hand through the simulator's HTTP APIs, as the engine builds it: a control-plane
 * port, a load balancer with a TCP 6443 listener, pool and member, a floating IP on its VIP, and servers whose user
 * data Stackport's own renderer writes. The tests then only advance the clock and look.
 */
final class KubeWorld {

    static final String VERSION = "1.31.2";
    static final SecureRandom RANDOM = new SecureRandom();

    final OpenStackSimulator sim;
    final ManualClock clock;
    final SimClient client;
    final ClusterPki pki;
    final BootstrapToken token = BootstrapToken.generate(RANDOM);
    final String privateNet;
    final String privateSubnet;
    final String flavor;
    final String image;
    String lbId;
    String vipPortId;
    String vipAddress;
    String fipId;
    String fipAddress;
    String cpPortId;
    String cpAddress;

    KubeWorld(OpenStackSimulator sim, ManualClock clock, String clusterName) {
        this.sim = sim;
        this.clock = clock;
        this.client = new SimClient(sim, "demo", "demo");
        this.pki = ClusterPki.generate(clusterName, Clock.systemUTC());
        this.privateNet = client.networkId("private");
        this.privateSubnet = client.call("GET", "/network/v2.0/subnets?name=private-subnet", null).body()
                .get("subnets").get(0).get("id").asString();
        this.flavor = client.flavorId("m1.small");
        this.image = client.imageId("ubuntu-24.04");
    }

    /** Port, load balancer (TCP 6443 → the control-plane port), floating IP on the VIP: all ACTIVE. */
    KubeWorld network() {
        JsonNode port = ok(client.call("POST", "/network/v2.0/ports",
                "{\"port\":{\"name\":\"cp-0\",\"network_id\":\"" + privateNet + "\"}}")).get("port");
        cpPortId = port.get("id").asString();
        cpAddress = port.get("fixed_ips").get(0).get("ip_address").asString();
        JsonNode lb = ok(client.call("POST", "/load-balancer/v2/lbaas/loadbalancers",
                "{\"loadbalancer\":{\"name\":\"kube-lb\",\"vip_subnet_id\":\"" + privateSubnet + "\"}}")).get("loadbalancer");
        lbId = lb.get("id").asString();
        vipPortId = lb.get("vip_port_id").asString();
        vipAddress = lb.get("vip_address").asString();
        String publicNet = client.networkId("public");
        JsonNode fip = ok(client.call("POST", "/network/v2.0/floatingips", "{\"floatingip\":{\"floating_network_id\":\""
                + publicNet + "\",\"port_id\":\"" + vipPortId + "\"}}")).get("floatingip");
        fipId = fip.get("id").asString();
        fipAddress = fip.get("floating_ip_address").asString();
        settle();
        String listener = ok(client.call("POST", "/load-balancer/v2/lbaas/listeners", "{\"listener\":{\"name\":\"api\","
                + "\"protocol\":\"TCP\",\"protocol_port\":6443,\"loadbalancer_id\":\"" + lbId + "\"}}")).get("listener").get("id").asString();
        settle();
        String pool = ok(client.call("POST", "/load-balancer/v2/lbaas/pools", "{\"pool\":{\"name\":\"api\",\"protocol\":\"TCP\","
                + "\"lb_algorithm\":\"ROUND_ROBIN\",\"listener_id\":\"" + listener + "\"}}")).get("pool").get("id").asString();
        settle();
        ok(client.call("POST", "/load-balancer/v2/lbaas/pools/" + pool + "/members", "{\"member\":{\"address\":\""
                + cpAddress + "\",\"protocol_port\":6443,\"subnet_id\":\"" + privateSubnet + "\"}}"));
        settle();
        return this;
    }

    ClusterBootstrap cluster(String name) {
        return cluster(name, pki);
    }

    ClusterBootstrap cluster(String name, ClusterPki withPki) {
        return new ClusterBootstrap(name, VERSION, fipAddress, 6443, List.of(fipAddress, vipAddress), "10.244.0.0/16",
                "10.96.0.0/12", withPki, token, false, false);
    }

    String controlPlane(String clusterName, String nodeName) {
        NodeBootstrap n = new NodeBootstrap(nodeName, NodeBootstrap.CONTROL_PLANE, cpAddress, Map.of(),
                List.of(new NodeBootstrap.Taint("node-role.kubernetes.io/control-plane", null, "NoSchedule")));
        return boot(nodeName, CloudInit.controlPlaneInit(n, cluster(clusterName)), "{\"port\":\"" + cpPortId + "\"}");
    }

    String worker(String nodeName, ClusterBootstrap cluster) {
        NodeBootstrap n = new NodeBootstrap(nodeName, NodeBootstrap.WORKER, null, Map.of("stackport.io/pool", "workers"), List.of());
        return boot(nodeName, CloudInit.workerJoin(n, cluster), "{\"uuid\":\"" + privateNet + "\"}");
    }

    String boot(String name, String userData, String network) {
        String b64 = Base64.getEncoder().encodeToString(userData.getBytes(StandardCharsets.UTF_8));
        JsonNode s = ok(client.call("POST", "/compute/v2.1/servers", "{\"server\":{\"name\":\"" + name + "\",\"flavorRef\":\""
                + flavor + "\",\"imageRef\":\"" + image + "\",\"networks\":[" + network + "],\"user_data\":\"" + b64 + "\"}}"));
        return s.get("server").get("id").asString();
    }

    /** Advances the clock by a step of the fast settings, twice: every transition started before has ended. */
    void settle() {
        clock.advance(Duration.ofSeconds(1));
        clock.advance(Duration.ofSeconds(1));
        sim.inventory();
    }

    void delete(String path) {
        SimClient.Answer a = client.call("DELETE", path, null);
        if (a.status() >= 300) {
            throw new IllegalStateException("DELETE " + path + ": " + a.status() + " " + a.body());
        }
    }

    static JsonNode ok(SimClient.Answer a) {
        if (a.status() >= 300) {
            throw new IllegalStateException(a.status() + " " + a.body());
        }
        return a.body();
    }

    /** TLS that trusts the cluster CA and presents a client certificate signed by {@code signer}. */
    SSLContext tls(ClusterPki signer) throws Exception {
        SignedCertificate cert = signer.signClientCertificate("alice", List.of("kubeadm:cluster-admins"), Duration.ofHours(1),
                Clock.systemUTC());
        KeyStore id = KeyStore.getInstance("PKCS12");
        id.load(null, null);
        char[] pw = "x".toCharArray();
        id.setKeyEntry("me", rsaKey(cert.keyPem()), pw, new X509Certificate[] {cert.certificate()});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(id, pw);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", pki.caCertificate());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), RANDOM);
        return ctx;
    }

    static PrivateKey rsaKey(String pkcs8Pem) throws Exception {
        String body = pkcs8Pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
    }

    /** A kubeconfig for kubectl: the endpoint, the CA and a client certificate the cluster CA signed. */
    String kubeconfig() {
        SignedCertificate cert = pki.signClientCertificate("alice", List.of("kubeadm:cluster-admins"), Duration.ofHours(1),
                Clock.systemUTC());
        Base64.Encoder b = Base64.getEncoder();
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: sim
                  cluster:
                    server: https://%s:6443
                    certificate-authority-data: %s
                users:
                - name: alice
                  user:
                    client-certificate-data: %s
                    client-key-data: %s
                contexts:
                - name: sim
                  context:
                    cluster: sim
                    user: alice
                current-context: sim
                """.formatted(fipAddress, b.encodeToString(pki.caCert().getBytes(StandardCharsets.US_ASCII)),
                b.encodeToString(cert.certPem().getBytes(StandardCharsets.US_ASCII)),
                b.encodeToString(cert.keyPem().getBytes(StandardCharsets.US_ASCII)));
    }
}
