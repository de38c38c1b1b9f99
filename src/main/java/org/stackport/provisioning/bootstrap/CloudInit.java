package org.stackport.provisioning.bootstrap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the {@code #cloud-config} user data that turns a fresh server into a Kubernetes node with kubeadm, so
 * Stackport never needs SSH: the first control-plane node runs {@code kubeadm init} on the CAs Stackport made,
 * further control-plane nodes join with the same CAs, workers join with the bootstrap token and pin the CA by
 * its hash. The image must already carry kubeadm, the kubelet and a container runtime.
 *
 * <p>Files go under {@code /etc/kubernetes}, not {@code /run}: with {@code package_reboot_if_required} cloud-init
 * may reboot after patching and before {@code runcmd}, and write_files does not run again after a reboot.
 * Commands are argument lists, run without a shell.
 *
 * <p>Nova takes at most 65,535 characters of base64-encoded user data (Stackport's adapter does the encoding),
 * which is {@value #MAX_USER_DATA_BYTES} bytes of text: larger results are refused here rather than by Nova.
 */
public final class CloudInit {

    /** The most bytes whose base64 encoding fits Nova's 65,535-character user_data field. */
    public static final int MAX_USER_DATA_BYTES = 65_535 / 4 * 3;

    static final String PKI_DIR = "/etc/kubernetes/pki";

    private CloudInit() {
    }

    /** The first control-plane node: the four key pairs, InitConfiguration and ClusterConfiguration, kubeadm init. */
    public static String controlPlaneInit(NodeBootstrap node, ClusterBootstrap cluster) {
        requireRole(node, NodeBootstrap.CONTROL_PLANE);
        List<Map<String, Object>> files = pkiFiles(cluster.pki());
        files.add(file(KubeadmConfig.PATH, "0600", KubeadmConfig.init(node, cluster)));
        // kubeadm init does not upload certificates unless asked: every node gets the CAs from its own user data
        return render(node, cluster, files, List.of("kubeadm", "init", "--config", KubeadmConfig.PATH));
    }

    /** Another control-plane node: the same four key pairs and a JoinConfiguration with a controlPlane section. */
    public static String controlPlaneJoin(NodeBootstrap node, ClusterBootstrap cluster) {
        requireRole(node, NodeBootstrap.CONTROL_PLANE);
        List<Map<String, Object>> files = pkiFiles(cluster.pki());
        files.add(file(KubeadmConfig.PATH, "0600", KubeadmConfig.join(node, cluster)));
        return render(node, cluster, files, List.of("kubeadm", "join", "--config", KubeadmConfig.PATH));
    }

    /** A worker: only a JoinConfiguration with the token and the CA hash; no certificate, no key. */
    public static String workerJoin(NodeBootstrap node, ClusterBootstrap cluster) {
        requireRole(node, NodeBootstrap.WORKER);
        List<Map<String, Object>> files = new ArrayList<>();
        files.add(file(KubeadmConfig.PATH, "0600", KubeadmConfig.join(node, cluster)));
        return render(node, cluster, files, List.of("kubeadm", "join", "--config", KubeadmConfig.PATH));
    }

    private static void requireRole(NodeBootstrap node, String role) {
        // a worker rendered as control plane would receive the CA keys
        if (!role.equals(node.role())) {
            throw new IllegalArgumentException("node " + node.name() + " has role '" + node.role()
                    + "', this user data is for '" + role + "'");
        }
    }

    private static List<Map<String, Object>> pkiFiles(ClusterPki pki) {
        List<Map<String, Object>> files = new ArrayList<>();
        files.add(file(PKI_DIR + "/ca.crt", "0644", pki.caCert()));
        files.add(file(PKI_DIR + "/ca.key", "0600", pki.caKey()));
        files.add(file(PKI_DIR + "/etcd/ca.crt", "0644", pki.etcdCaCert()));
        files.add(file(PKI_DIR + "/etcd/ca.key", "0600", pki.etcdCaKey()));
        files.add(file(PKI_DIR + "/front-proxy-ca.crt", "0644", pki.frontProxyCaCert()));
        files.add(file(PKI_DIR + "/front-proxy-ca.key", "0600", pki.frontProxyCaKey()));
        files.add(file(PKI_DIR + "/sa.pub", "0644", pki.serviceAccountPublicKey()));
        files.add(file(PKI_DIR + "/sa.key", "0600", pki.serviceAccountPrivateKey()));
        return files;
    }

    private static Map<String, Object> file(String path, String permissions, String content) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("path", path);
        f.put("owner", "root:root");
        f.put("permissions", permissions);
        f.put("content", content);
        return f;
    }

    private static String render(NodeBootstrap node, ClusterBootstrap cluster, List<Map<String, Object>> files,
                                 List<String> command) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("package_update", cluster.osPatchOnBoot());
        config.put("package_upgrade", cluster.osPatchOnBoot());
        config.put("package_reboot_if_required", cluster.rebootIfRequired());
        config.put("write_files", files);
        config.put("runcmd", List.of(command));
        String text = "#cloud-config\n" + YamlText.dump(config);
        int bytes = text.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_USER_DATA_BYTES) {
            throw new IllegalArgumentException("user data for node " + node.name() + " is " + bytes + " bytes ("
                    + base64Length(bytes) + " in base64); Nova takes at most 65535 base64 characters, that is "
                    + MAX_USER_DATA_BYTES + " bytes");
        }
        return text;
    }

    private static long base64Length(int bytes) {
        return 4L * ((bytes + 2) / 3);
    }
}
