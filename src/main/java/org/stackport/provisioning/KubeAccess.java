package org.stackport.provisioning;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stackport.provisioning.bootstrap.ClusterPki;
import org.stackport.provisioning.bootstrap.SignedCertificate;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * How Stackport reaches a cluster's Kubernetes API: over TLS verified against the cluster's own CA, with a client
 * certificate Stackport signs with that CA (group {@code kubeadm:cluster-admins}, which kubeadm binds to
 * cluster-admin). The same material makes the kubeconfig a user downloads.
 */
final class KubeAccess {

    static final String ADMINS = "kubeadm:cluster-admins";
    private static final Duration ENGINE_CERTIFICATE = Duration.ofHours(1);

    private KubeAccess() {
    }

    /**
     * The JDK HttpClient completes its answers on its executor, by default the common ForkJoinPool, which has one
     * thread on a 2-core machine: the client gets an executor of its own. (Calls made from a common-pool thread still
     * stall until they time out, as the end-to-end test found: passes run on Quartz's threads, never there.)
     */
    private static final java.util.concurrent.Executor ANSWERS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    private static final io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory HTTP =
            new io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory() {
                @Override
                protected void additionalConfig(java.net.http.HttpClient.Builder builder) {
                    builder.executor(ANSWERS);
                }
            };

    /** The engine's own certificate per cluster CA, reused until 10 minutes before it expires (a key pair is costly). */
    private static final Map<String, Signed> ENGINE_CERTIFICATES = new java.util.concurrent.ConcurrentHashMap<>();

    private record Signed(SignedCertificate cert, java.time.Instant renewAfter) {
    }

    /** A client for the engine's own reads (short timeouts: a pass never waits long on an unreachable API). */
    static KubernetesClient client(ClusterPki pki, String endpoint, Clock clock,
                                   java.util.Optional<java.net.InetSocketAddress> tunnel) {
        java.time.Instant now = clock.instant();
        if (ENGINE_CERTIFICATES.size() > 10_000) {
            ENGINE_CERTIFICATES.clear();
        }
        SignedCertificate cert = ENGINE_CERTIFICATES.compute(pki.caCert(), (ca, held) -> held != null
                && now.isBefore(held.renewAfter()) ? held : new Signed(pki.signClientCertificate("stackport",
                List.of(ADMINS), ENGINE_CERTIFICATE, clock), now.plus(ENGINE_CERTIFICATE).minus(Duration.ofMinutes(10))))
                .cert();
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl("https://" + endpoint)
                .withCaCertData(b64(pki.caCert()))
                .withClientCertData(b64(cert.certPem()))
                .withClientKeyData(b64(cert.keyPem()))
                .withClientKeyAlgo("RSA")
                .withConnectionTimeout(3_000)
                .withRequestTimeout(5_000)
                .withRequestRetryBackoffLimit(0)
                // through the cluster's gateway tunnel when it has one (an HTTP CONNECT proxy on loopback)
                .withHttpsProxy(tunnel.map(t -> "http://" + t.getHostString() + ":" + t.getPort()).orElse(null))
                .build();
        return new KubernetesClientBuilder().withConfig(config).withHttpClientFactory(HTTP).build();
    }

    /** A kubeconfig for one person: their name in the certificate's CN, valid for {@code validity}. */
    static String kubeconfig(ClusterPki pki, String clusterName, String endpoint, String user, Duration validity,
                             Clock clock) {
        SignedCertificate cert = pki.signClientCertificate(user, List.of(ADMINS), validity, clock);
        String context = user + "@" + clusterName;
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "v1");
        root.put("kind", "Config");
        root.put("clusters", List.of(Map.of("name", clusterName, "cluster", Map.of(
                "server", "https://" + endpoint, "certificate-authority-data", b64(pki.caCert())))));
        root.put("users", List.of(Map.of("name", user, "user", Map.of(
                "client-certificate-data", b64(cert.certPem()), "client-key-data", b64(cert.keyPem())))));
        root.put("contexts", List.of(Map.of("name", context, "context", Map.of("cluster", clusterName, "user", user))));
        root.put("current-context", context);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(root);
    }

    private static String b64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.UTF_8));
    }
}
