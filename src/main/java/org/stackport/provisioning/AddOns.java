package org.stackport.provisioning;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stackport.cluster.ClusterSpec;
import org.stackport.profile.ResolvedProfile;

/**
 * Day-one add-ons (issue 11): what the profile and the policies ask of the cluster that kubeadm does not do. Stackport
 * records the profile and every pack's values in {@code stackport-system/stackport-profile}, and turns the scan
 * policy into a kube-bench CronJob and the backup policy into an etcd-snapshot CronJob with its retention. Applying
 * again changes nothing (create, else update). Stackport ships no CNI or CSI manifests of its own: the packs' values
 * are recorded, and installing the CNI and CSI charts is the packs' work, not done here.
 */
final class AddOns {

    static final String NAMESPACE = "stackport-system";

    private AddOns() {
    }

    static List<HasMetadata> objects(String clusterName, ClusterSpec spec, ResolvedProfile profile) {
        List<HasMetadata> objects = new ArrayList<>();
        objects.add(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
                .addToLabels("app.kubernetes.io/managed-by", "stackport").endMetadata().build());
        Map<String, String> data = new LinkedHashMap<>();
        data.put("cluster", clusterName);
        data.put("profile", profile.name());
        data.put("profileVersion", profile.version());
        data.put("kubernetesVersion", profile.kubernetesVersion());
        for (ResolvedProfile.ResolvedPack p : profile.packs()) {
            data.put("pack." + p.layer() + "." + p.name(), p.version());
            data.put("values." + p.layer() + "." + p.name() + ".yaml", p.values() == null ? "" : p.values());
        }
        objects.add(new ConfigMapBuilder().withNewMetadata().withName("stackport-profile").withNamespace(NAMESPACE)
                .addToLabels("app.kubernetes.io/managed-by", "stackport").endMetadata().withData(data).build());
        ClusterSpec.Policies policies = spec.policies();
        if (policies != null && policies.scanSchedule() != null && !policies.scanSchedule().isBlank()) {
            objects.add(new CronJobBuilder().withNewMetadata().withName("kube-bench").withNamespace(NAMESPACE)
                    .addToLabels("app.kubernetes.io/managed-by", "stackport").endMetadata()
                    .withNewSpec().withSchedule(policies.scanSchedule()).withConcurrencyPolicy("Forbid")
                    .withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec().withHostPID(true)
                    .withRestartPolicy("Never")
                    .addNewContainer().withName("kube-bench").withImage("docker.io/aquasec/kube-bench:v0.10.1")
                    .withCommand("kube-bench", "run", "--targets", "node,policies").endContainer()
                    .endSpec().endTemplate().endSpec().endJobTemplate().endSpec().build());
        }
        if (policies != null && policies.backup() != null && policies.backup().schedule() != null
                && !policies.backup().schedule().isBlank()) {
            int days = policies.backup().retentionDays() == null ? 7 : policies.backup().retentionDays();
            objects.add(new CronJobBuilder().withNewMetadata().withName("etcd-backup").withNamespace(NAMESPACE)
                    .addToLabels("app.kubernetes.io/managed-by", "stackport")
                    .addToAnnotations("stackport.io/retention-days", Integer.toString(days)).endMetadata()
                    .withNewSpec().withSchedule(policies.backup().schedule()).withConcurrencyPolicy("Forbid")
                    .withNewJobTemplate().withNewSpec().withNewTemplate().withNewSpec().withHostNetwork(true)
                    .withRestartPolicy("OnFailure")
                    .addToNodeSelector("node-role.kubernetes.io/control-plane", "")
                    .addNewToleration().withKey("node-role.kubernetes.io/control-plane").withOperator("Exists")
                    .withEffect("NoSchedule").endToleration()
                    .addNewContainer().withName("etcd-backup").withImage("registry.k8s.io/etcd:3.5.16-0")
                    .withCommand("/bin/sh", "-c", "etcdctl --endpoints=https://127.0.0.1:2379 "
                            + "--cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt "
                            + "--key=/etc/kubernetes/pki/etcd/server.key snapshot save /backup/etcd-$(date +%Y%m%d-%H%M%S).db "
                            + "&& find /backup -name 'etcd-*.db' -mtime +" + days + " -delete")
                    .addNewVolumeMount().withName("pki").withMountPath("/etc/kubernetes/pki").withReadOnly(true).endVolumeMount()
                    .addNewVolumeMount().withName("backup").withMountPath("/backup").endVolumeMount()
                    .endContainer()
                    .addNewVolume().withName("pki").withNewHostPath().withPath("/etc/kubernetes/pki").endHostPath().endVolume()
                    .addNewVolume().withName("backup").withNewHostPath().withPath("/var/lib/etcd-backup")
                    .withType("DirectoryOrCreate").endHostPath().endVolume()
                    .endSpec().endTemplate().endSpec().endJobTemplate().endSpec().build());
        }
        return objects;
    }

    /** The step: apply every object (create, else update) and say what was applied. */
    static Outcome apply(Ctx x) {
        return Readiness.withClient(x, client -> {
            List<String> applied = new ArrayList<>();
            for (HasMetadata o : objects(x.work.name(), x.work.spec(), x.work.profile())) {
                client.resource(o).createOr(NonDeletingOperation::update);
                applied.add(o.getKind() + " " + (o.getMetadata().getNamespace() == null ? ""
                        : o.getMetadata().getNamespace() + "/") + o.getMetadata().getName());
            }
            return Outcome.done("applied " + String.join(", ", applied));
        }, "the Kubernetes API at " + x.endpoint() + " does not answer");
    }

    /**
     * Before a delete, while the API answers: Services of type LoadBalancer are deleted, so that the cloud controller
     * removes their load balancers (which would block the network's delete); and, when the user asked for it, every
     * PersistentVolumeClaim, so that the CSI driver deletes its volume. An API that does not answer is no
     * reason to stop: the sweep after it finds such load balancers by name.
     */
    static Outcome releaseServices(Ctx x) {
        if (x.row("lb") == null || x.bootstrap == null || x.ledger.run(x.id()).map(r -> r.secrets()).isEmpty()) {
            return Outcome.done("no Kubernetes API to ask");
        }
        try (KubernetesClient client = KubeAccess.client(x.bootstrap.material(x).pki(), x.endpoint(), x.clock, x.tunnelTo(x.endpoint()))) {
            List<Service> services = client.services().inAnyNamespace().list().getItems().stream()
                    .filter(s -> s.getSpec() != null && "LoadBalancer".equals(s.getSpec().getType())).toList();
            for (Service s : services) {
                client.resource(s).delete();
            }
            String claims = "";
            if (x.work.deleteVolumeClaims()) {
                var pvcs = client.persistentVolumeClaims().inAnyNamespace().list().getItems();
                pvcs.forEach(c -> client.resource(c).delete());
                claims = "; deleted " + pvcs.size() + " PersistentVolumeClaim(s)" + (pvcs.isEmpty() ? "" : ": "
                        + String.join(", ", pvcs.stream().map(c -> c.getMetadata().getNamespace() + "/"
                        + c.getMetadata().getName()).toList()));
            }
            return Outcome.done((services.isEmpty() ? "no Services of type LoadBalancer"
                    : "deleted " + services.size() + " Service(s) of type LoadBalancer: " + String.join(", ", services.stream()
                    .map(s -> s.getMetadata().getNamespace() + "/" + s.getMetadata().getName()).toList())) + claims);
        } catch (RuntimeException e) {
            return Outcome.done("the Kubernetes API did not answer (" + e.getClass().getSimpleName()
                    + "); the cloud controller's load balancers are swept by name");
        }
    }
}
