package org.stackport.provisioning;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.stackport.cluster.ClusterSpec;
import org.stackport.provisioning.bootstrap.BootstrapToken;
import org.stackport.provisioning.bootstrap.CloudInit;
import org.stackport.provisioning.bootstrap.ClusterBootstrap;
import org.stackport.provisioning.bootstrap.ClusterPki;
import org.stackport.provisioning.bootstrap.NodeBootstrap;
import org.stackport.provisioning.internal.Ledger;
import org.stackport.security.SecretCipher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stackport is the cluster's certificate authority (provisioning.md §6): the CAs, the service-account key and the
 * join token are made once per cluster and kept encrypted with the run; each server's user data (kubeadm
 * cloud-init) is rendered from them when the server is asked for, after the endpoint exists, and never stored,
 * logged or shown.
 */
@Component("clusterBootstrap")
class Bootstrap {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final SecretCipher cipher;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    Bootstrap(SecretCipher cipher, Clock clock) {
        this.cipher = cipher;
        this.clock = clock;
    }

    /** What a cluster's nodes are bootstrapped with; {@code toString} shows no key. */
    record Material(ClusterPki pki, BootstrapToken token) {

        String toJson() {
            return JSON.writeValueAsString(Map.of("pki", pki.toJson(), "token", token.value()));
        }

        static Material fromJson(String json) {
            Map<?, ?> m = JSON.readValue(json, Map.class);
            return new Material(ClusterPki.fromJson((String) m.get("pki")), BootstrapToken.parse((String) m.get("token")));
        }

        @Override
        public String toString() {
            return "Material[" + pki + ", " + token + "]";
        }
    }

    static Outcome ensure(Ctx x) {
        return x.bootstrap.ensureFor(x);
    }

    private Outcome ensureFor(Ctx x) {
        if (x.ledger.run(x.id()).map(Ledger.Run::secrets).isPresent()) {
            return Outcome.done("certificate authorities and join token kept (encrypted)");
        }
        Material m = new Material(ClusterPki.generate(x.names.prefix(), clock), BootstrapToken.generate(random));
        x.ledger.saveSecrets(x.id(), cipher.encrypt(m.toJson()));
        x.material = m;
        return Outcome.done("made the cluster CA, etcd CA, front-proxy CA, service-account key and a join token");
    }

    /** The material as stored (encrypted) opened. */
    Material open(String stored) {
        return Material.fromJson(cipher.decrypt(stored));
    }

    Material material(Ctx x) {
        if (x.material == null) {
            String stored = x.ledger.run(x.id()).map(Ledger.Run::secrets)
                    .orElseThrow(() -> new IllegalStateException("the cluster's bootstrap material is missing"));
            x.material = Material.fromJson(cipher.decrypt(stored));
        }
        return x.material;
    }

    /** The node's kubeadm cloud-init: init on the first control-plane node, join on the others. */
    static String userData(Ctx x, Deploy.Node node) {
        Material m = x.bootstrap.material(x);
        ClusterSpec s = x.work.spec();
        String vip = x.row("lb").detail();
        Ledger.Resource fip = x.row("fip");
        String host = fip != null && fip.detail() != null ? fip.detail() : vip;
        List<String> sans = new ArrayList<>(List.of(host));
        if (!host.equals(vip)) {
            sans.add(vip);
        }
        ClusterSpec.Policies p = s.policies();
        ClusterBootstrap cluster = new ClusterBootstrap(x.names.prefix(), x.work.profile().kubernetesVersion(), host, 6443,
                sans, x.work.profile().podCidr(), x.work.profile().serviceCidr(), m.pki(), m.token(),
                p != null && Boolean.TRUE.equals(p.osPatchOnBoot()), p != null && Boolean.TRUE.equals(p.rebootIfRequired()));
        List<NodeBootstrap.Taint> taints = new ArrayList<>(node.taints().stream()
                .map(t -> new NodeBootstrap.Taint(t.key(), t.value(), t.effect())).toList());
        if (node.controlPlane() && !Boolean.TRUE.equals(s.masterPool().allowWorkerCapability())) {
            // kubeadm's own taint, unless the user lets workloads run on the control plane
            taints.add(new NodeBootstrap.Taint("node-role.kubernetes.io/control-plane", null, "NoSchedule"));
        }
        NodeBootstrap n = new NodeBootstrap(node.name(), node.controlPlane() ? NodeBootstrap.CONTROL_PLANE : NodeBootstrap.WORKER,
                Deploy.address(x, node), node.labels(), taints);
        if (!node.controlPlane()) {
            return CloudInit.workerJoin(n, cluster);
        }
        return node.index() == 0 ? CloudInit.controlPlaneInit(n, cluster) : CloudInit.controlPlaneJoin(n, cluster);
    }
}
