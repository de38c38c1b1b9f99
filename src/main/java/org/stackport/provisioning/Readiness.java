package org.stackport.provisioning;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.stackport.provisioning.internal.Ledger;

/**
 * The last steps of a deploy (issue 11): the control-plane endpoint answers {@code /readyz} over TLS verified
 * against the cluster's CA, then every node of every pool is registered and Ready, read with a real Kubernetes
 * client. Until then the cluster is not Running; a step that keeps waiting past its deadline fails, naming what it
 * waited for (the node and Kubernetes' reason).
 */
final class Readiness {

    static final Duration API = Duration.ofMinutes(15);
    static final Duration NODES = Duration.ofMinutes(20);
    private static final Duration POLL = Duration.ofSeconds(5);

    private Readiness() {
    }

    static Outcome api(Ctx x) {
        String endpoint = x.endpoint();
        return withClient(x, client -> {
            String ready = client.raw("/readyz");
            if (!"ok".equals(ready == null ? null : ready.strip())) {
                return Outcome.waitFor(POLL, "the Kubernetes API at " + endpoint + " is not ready: "
                        + (ready == null ? "no answer" : ready.strip()));
            }
            String version = client.getKubernetesVersion().getGitVersion();
            return Outcome.done("the Kubernetes API answers at https://" + endpoint + " (" + version + ")");
        }, "the Kubernetes API at " + endpoint + " does not answer yet");
    }

    static Outcome nodes(Ctx x) {
        List<Deploy.Node> expected = Deploy.nodes(x.work.spec(), x.names);
        return withClient(x, client -> {
            Map<String, Node> seen = client.nodes().list().getItems().stream()
                    .collect(Collectors.toMap(n -> n.getMetadata().getName(), n -> n, (a, b) -> a));
            List<String> waiting = new ArrayList<>();
            for (Deploy.Node want : expected) {
                Node node = seen.get(want.name());
                Ledger.Resource server = x.row(want.key());
                String base = server == null || server.detail() == null ? "" : server.detail().split(" · K8s ")[0];
                if (node == null) {
                    waiting.add(want.name() + " (not registered)");
                    continue;
                }
                NodeCondition ready = node.getStatus() == null || node.getStatus().getConditions() == null ? null
                        : node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst()
                        .orElse(null);
                boolean isReady = ready != null && "True".equals(ready.getStatus());
                String version = node.getStatus() == null || node.getStatus().getNodeInfo() == null ? "?"
                        : node.getStatus().getNodeInfo().getKubeletVersion();
                if (server != null) {
                    x.record(want.key(), null, server.state(), base + " · K8s " + (isReady ? "Ready" : "NotReady")
                            + " · " + version);
                }
                if (!isReady) {
                    waiting.add(want.name() + " (NotReady" + (ready == null || ready.getMessage() == null ? ""
                            : ": " + ready.getMessage()) + ")");
                }
            }
            if (!waiting.isEmpty()) {
                return Outcome.waitFor(POLL, (expected.size() - waiting.size()) + " of " + expected.size()
                        + " nodes Ready; waiting for " + String.join(", ", waiting));
            }
            return Outcome.done("all " + expected.size() + " nodes Ready");
        }, "the Kubernetes API at " + x.endpoint() + " does not answer");
    }

    static Outcome withClient(Ctx x, Function<KubernetesClient, Outcome> look, String unreachable) {
        var pki = x.bootstrap.material(x).pki();
        try (KubernetesClient client = KubeAccess.client(pki, x.endpoint(), x.clock, x.tunnelTo(x.endpoint()))) {
            return look.apply(client);
        } catch (KubernetesClientException e) {
            return Outcome.waitFor(POLL, unreachable + ": " + reason(e));
        }
    }

    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return m == null || m.isBlank() ? root.getClass().getSimpleName() : m;
    }
}
