package org.stackport.simulator.internal.kube;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stackport.simulator.internal.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The legacy discovery documents kubectl and client libraries read before anything else ({@code /api},
 * {@code /apis}, {@code /api/v1}, {@code /apis/{group}/{version}}), for the resources the simulated API stores:
 * the core ones, apps, batch (CronJobs), storage, RBAC, policy, networking and CRDs, which is what kubeadm's
 * add-ons, CNI and CSI manifests and Stackport's own policies use.
 */
final class KubeDiscovery {

    /** One resource type; {@code group} empty for the core group. */
    record Resource(String group, String version, String plural, String kind, boolean namespaced, String... shortNames) {

        String groupVersion() {
            return group.isEmpty() ? version : group + "/" + version;
        }
    }

    static final List<Resource> RESOURCES = List.of(
            new Resource("", "v1", "nodes", "Node", false, "no"),
            new Resource("", "v1", "namespaces", "Namespace", false, "ns"),
            new Resource("", "v1", "pods", "Pod", true, "po"),
            new Resource("", "v1", "services", "Service", true, "svc"),
            new Resource("", "v1", "endpoints", "Endpoints", true, "ep"),
            new Resource("", "v1", "configmaps", "ConfigMap", true, "cm"),
            new Resource("", "v1", "secrets", "Secret", true),
            new Resource("", "v1", "serviceaccounts", "ServiceAccount", true, "sa"),
            new Resource("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true, "pvc"),
            new Resource("", "v1", "persistentvolumes", "PersistentVolume", false, "pv"),
            new Resource("", "v1", "events", "Event", true, "ev"),
            new Resource("", "v1", "limitranges", "LimitRange", true, "limits"),
            new Resource("", "v1", "resourcequotas", "ResourceQuota", true, "quota"),
            new Resource("apps", "v1", "deployments", "Deployment", true, "deploy"),
            new Resource("apps", "v1", "daemonsets", "DaemonSet", true, "ds"),
            new Resource("apps", "v1", "statefulsets", "StatefulSet", true, "sts"),
            new Resource("apps", "v1", "replicasets", "ReplicaSet", true, "rs"),
            new Resource("batch", "v1", "jobs", "Job", true),
            new Resource("batch", "v1", "cronjobs", "CronJob", true, "cj"),
            new Resource("storage.k8s.io", "v1", "storageclasses", "StorageClass", false, "sc"),
            new Resource("storage.k8s.io", "v1", "csidrivers", "CSIDriver", false),
            new Resource("storage.k8s.io", "v1", "csinodes", "CSINode", false),
            new Resource("storage.k8s.io", "v1", "volumeattachments", "VolumeAttachment", false),
            new Resource("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
            new Resource("rbac.authorization.k8s.io", "v1", "clusterrolebindings", "ClusterRoleBinding", false),
            new Resource("rbac.authorization.k8s.io", "v1", "roles", "Role", true),
            new Resource("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
            new Resource("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true, "pdb"),
            new Resource("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true, "netpol"),
            new Resource("networking.k8s.io", "v1", "ingresses", "Ingress", true, "ing"),
            new Resource("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", false, "crd", "crds"),
            new Resource("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", false, "pc"),
            new Resource("coordination.k8s.io", "v1", "leases", "Lease", true));

    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch", "update");

    private KubeDiscovery() {
    }

    /** The discovery document at {@code path}, if it is one. */
    static Optional<ObjectNode> document(String path) {
        if (path.equals("/api")) {
            ObjectNode o = Json.object().put("kind", "APIVersions");
            o.putArray("versions").add("v1");
            o.putArray("serverAddressByClientCIDRs").addObject().put("clientCIDR", "0.0.0.0/0").put("serverAddress", "");
            return Optional.of(o);
        }
        if (path.equals("/apis")) {
            ObjectNode o = Json.object().put("kind", "APIGroupList").put("apiVersion", "v1");
            ArrayNode groups = o.putArray("groups");
            groups().forEach((group, version) -> groups.add(group(group, version)));
            return Optional.of(o);
        }
        if (path.equals("/api/v1")) {
            return Optional.of(resourceList("", "v1"));
        }
        String[] parts = path.split("/");
        if (parts.length == 3 && parts[1].equals("apis") && groups().containsKey(parts[2])) {
            return Optional.of(group(parts[2], groups().get(parts[2])).put("apiVersion", "v1"));
        }
        if (parts.length == 4 && parts[1].equals("apis") && parts[3].equals(groups().get(parts[2]))) {
            return Optional.of(resourceList(parts[2], parts[3]));
        }
        return Optional.empty();
    }

    /** The resource a request path names (/api/v1/..., /apis/g/v/..., namespaced or not). */
    static Optional<Resource> resourceOf(String path) {
        String[] p = path.replaceAll("^/+", "").split("/");
        int at;
        String group;
        String version;
        if (p.length >= 3 && p[0].equals("api")) {
            group = "";
            version = p[1];
            at = 2;
        } else if (p.length >= 4 && p[0].equals("apis")) {
            group = p[1];
            version = p[2];
            at = 3;
        } else {
            return Optional.empty();
        }
        if (p[at].equals("namespaces") && p.length >= at + 3) {
            at += 2;
        }
        String plural = p[at];
        return RESOURCES.stream().filter(r -> r.group().equals(group) && r.version().equals(version) && r.plural().equals(plural))
                .findFirst();
    }

    private static Map<String, String> groups() {
        Map<String, String> g = new LinkedHashMap<>();
        RESOURCES.stream().filter(r -> !r.group().isEmpty()).forEach(r -> g.putIfAbsent(r.group(), r.version()));
        return g;
    }

    private static ObjectNode group(String name, String version) {
        ObjectNode g = Json.object().put("kind", "APIGroup").put("name", name);
        ObjectNode v = Json.object().put("groupVersion", name + "/" + version).put("version", version);
        g.putArray("versions").add(v);
        g.set("preferredVersion", v.deepCopy());
        return g;
    }

    private static ObjectNode resourceList(String group, String version) {
        ObjectNode o = Json.object().put("kind", "APIResourceList").put("apiVersion", "v1")
                .put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode list = o.putArray("resources");
        for (Resource r : RESOURCES) {
            if (r.group().equals(group) && r.version().equals(version)) {
                ObjectNode e = list.addObject().put("name", r.plural()).put("singularName", r.kind().toLowerCase())
                        .put("namespaced", r.namespaced()).put("kind", r.kind());
                ArrayNode verbs = e.putArray("verbs");
                VERBS.forEach(verbs::add);
                if (r.shortNames().length > 0) {
                    ArrayNode shortNames = e.putArray("shortNames");
                    for (String s : r.shortNames()) {
                        shortNames.add(s);
                    }
                }
                if (r.plural().equals("nodes") || r.plural().equals("pods") || r.plural().equals("services")
                        || r.plural().equals("namespaces") || r.plural().equals("persistentvolumeclaims")) {
                    list.addObject().put("name", r.plural() + "/status").put("singularName", "").put("namespaced", r.namespaced())
                            .put("kind", r.kind()).putArray("verbs").add("get").add("patch").add("update");
                }
            }
        }
        return o;
    }
}
