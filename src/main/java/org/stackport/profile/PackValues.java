package org.stackport.profile;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stackport.shared.Cidrs;
import org.stackport.shared.Errors;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A pack's values: YAML that must parse to a mapping, deep-merged for a cluster's overrides, with the keys
 * provisioning reads type-checked; every problem names the key and its line.
 */
public final class PackValues {

    private static final int MAX_LENGTH = 100_000;
    private static final String K8S_NAME = "^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$";

    private PackValues() {
    }

    /** Parses to a map (empty text is an empty map); a problem is added on {@code field} and null returned. */
    public static Map<String, Object> parse(String yaml, String field, Errors errors) {
        if (yaml == null || yaml.isBlank()) {
            return new LinkedHashMap<>();
        }
        if (yaml.length() > MAX_LENGTH) {
            errors.add(field, "is longer than " + MAX_LENGTH + " characters");
            return null;
        }
        try {
            Object loaded = yaml().load(yaml);
            if (loaded == null) {
                return new LinkedHashMap<>();
            }
            if (!(loaded instanceof Map<?, ?> map)) {
                errors.add(field, "must be a YAML mapping of keys to values, not a " + kind(loaded));
                return null;
            }
            String badKey = nonTextKey(map);
            if (badKey != null) {
                errors.add(field, "keys must be text; quote the key " + badKey);
                return null;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> values = (Map<String, Object>) map;
            return values;
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            errors.add(field, "is not valid YAML at line " + line + ": " + e.getProblem());
            return null;
        } catch (YAMLException | ClassCastException e) {
            errors.add(field, "is not valid YAML: " + e.getMessage());
            return null;
        }
    }

    /** The first key (at any depth) that is not text, e.g. {@code 1} or {@code true}, or null. */
    private static String nonTextKey(Object node) {
        if (node instanceof Map<?, ?> map) {
            for (var e : map.entrySet()) {
                if (!(e.getKey() instanceof String)) {
                    return String.valueOf(e.getKey());
                }
                String inner = nonTextKey(e.getValue());
                if (inner != null) {
                    return inner;
                }
            }
        } else if (node instanceof List<?> list) {
            for (Object item : list) {
                String inner = nonTextKey(item);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    /** {@code over} merged into {@code base}: mappings merge key by key, anything else replaces. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> merge(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> out = new LinkedHashMap<>(base);
        over.forEach((k, v) -> {
            Object b = out.get(k);
            if (b instanceof Map<?, ?> bm && v instanceof Map<?, ?> vm) {
                out.put(k, merge((Map<String, Object>) bm, (Map<String, Object>) vm));
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    public static String dump(Map<String, Object> values) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        return new Yaml(options).dump(values);
    }

    /**
     * Type-checks the keys provisioning reads for the pack's layer. {@code yaml} is the text the values came from
     * (for line numbers) or null when they are merged. Keys a pack does not know are left alone: they are passed
     * through to the manifests as they are.
     */
    public static void check(String layer, String packName, String packVersion, Map<String, Object> v, String yaml,
                             String field, Errors errors) {
        Rules r = new Rules(v, new Lines(yaml), field, errors);
        switch (layer) {
            case "os" -> {
                r.requiredText("image", "must name the cloud's image the nodes boot from, e.g. ubuntu-22.04");
                r.textList("packages");
                r.textList("kernelModules");
                r.mapping("sysctl");
            }
            case "k8s" -> kubernetes(r, packName, packVersion);
            case "cni" -> {
                r.integer("mtu", 1200, 9000);
                if ("calico".equals(packName)) {
                    r.pinned("operatorVersion", "v" + packVersion, packName, packVersion);
                    r.oneOf("encapsulation", List.of("IPIP", "IPIPCrossSubnet", "VXLAN", "VXLANCrossSubnet", "None"));
                    r.bool("natOutgoing");
                } else {
                    r.pinned("chartVersion", packVersion, packName, packVersion);
                }
                if ("cilium".equals(packName)) {
                    r.oneOf("tunnelProtocol", List.of("vxlan", "geneve", "disabled"));
                    r.bool("kubeProxyReplacement");
                }
            }
            case "csi" -> {
                r.pinned("chartVersion", packVersion, packName, packVersion);
                if (r.requiredMapping("storageClass", "must be a mapping with the storage class's name and settings")) {
                    if (!(r.get("storageClass.name") instanceof String n) || !n.matches(K8S_NAME)) {
                        r.add("storageClass.name", "must be a Kubernetes name like cinder-default");
                    }
                    r.bool("storageClass.default");
                    r.bool("storageClass.allowVolumeExpansion");
                    r.oneOf("storageClass.reclaimPolicy", List.of("Delete", "Retain"));
                    r.text("storageClass.volumeType", "must be the name of a Cinder volume type, or \"\" for the cloud's default");
                }
            }
            default -> addon(r, packName, packVersion);
        }
    }

    private static void kubernetes(Rules r, String packName, String packVersion) {
        String minor = packVersion.replaceAll("^(\\d+\\.\\d+).*", "$1");
        Object version = r.get("kubernetesVersion");
        if (!(version instanceof String s) || !s.matches("\\d+\\.\\d+\\.\\d+")) {
            r.add("kubernetesVersion", "must be a quoted version like \"" + packVersion + "\"");
        } else if (!s.startsWith(minor + ".")) {
            r.add("kubernetesVersion", s + " does not belong to pack " + packName + " " + packVersion + " (expected " + minor + ".x)");
        }
        // kubeadm gives every node a /24 of the pod range, and the API server refuses service ranges wider than /12
        String pod = r.cidr("podCidr", "192.168.0.0/16", 8, 24, "each node takes a /24 of it");
        String service = r.cidr("serviceCidr", "10.96.0.0/12", 12, 28, "the API server accepts /12 to /28");
        if (pod != null && service != null && Cidrs.overlap(pod, service)) {
            r.add("serviceCidr", service + " overlaps 'podCidr' " + pod);
        }
        if (r.mapping("apiServer")) {
            r.textMap("apiServer.extraArgs");
            r.textList("apiServer.certSANs");
        }
        if (r.mapping("controllerManager")) {
            r.textMap("controllerManager.extraArgs");
        }
        if (r.mapping("kubelet")) {
            r.integer("kubelet.maxPods", 10, 250);
        }
    }

    private static void addon(Rules r, String packName, String packVersion) {
        r.pinned("chartVersion", packVersion, packName, packVersion);
        switch (packName) {
            case "metrics-server" -> {
                r.integer("replicas", 1, 10);
                r.textList("args");
            }
            case "ingress-nginx" -> {
                if (r.mapping("controller")) {
                    r.integer("controller.replicaCount", 1, 20);
                    if (r.mapping("controller.service")) {
                        r.oneOf("controller.service.type", List.of("LoadBalancer", "NodePort", "ClusterIP"));
                    }
                }
            }
            case "cert-manager" -> r.bool("installCRDs");
            default -> {
                // other add-ons: any mapping
            }
        }
    }

    private static String kind(Object o) {
        return o instanceof List<?> ? "list" : o instanceof Map<?, ?> ? "mapping" : o instanceof String ? "text"
                : o instanceof Boolean ? "true/false" : o instanceof Number ? "number" : o.getClass().getSimpleName().toLowerCase();
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(MAX_LENGTH);
        return new Yaml(new SafeConstructor(options));
    }

    /** The checks on one pack's values; keys are dotted paths into nested mappings. */
    private record Rules(Map<String, Object> values, Lines lines, String field, Errors errors) {

        void add(String path, String message) {
            errors.add(field, "'" + path + "' " + message + lines.at(path));
        }

        boolean present(String path) {
            int dot = path.lastIndexOf('.');
            Object parent = dot < 0 ? values : get(path.substring(0, dot));
            return parent instanceof Map<?, ?> m && m.containsKey(path.substring(dot + 1));
        }

        Object get(String path) {
            Object at = values;
            for (String key : path.split("\\.")) {
                if (!(at instanceof Map<?, ?> m)) {
                    return null;
                }
                at = m.get(key);
            }
            return at;
        }

        void requiredText(String path, String rule) {
            if (!(get(path) instanceof String s) || s.isBlank()) {
                add(path, rule);
            }
        }

        void text(String path, String rule) {
            if (present(path) && !(get(path) instanceof String)) {
                add(path, rule);
            }
        }

        /** A version pinned in the values must be the pack's own: the pack's version is what the profile shows. */
        void pinned(String path, String expected, String packName, String packVersion) {
            if (!present(path)) {
                return;
            }
            Object value = get(path);
            if (!(value instanceof String s) || !s.equals(expected)) {
                add(path, "is " + (value instanceof String ? value : "not quoted text") + " but must be \"" + expected
                        + "\", the version of pack " + packName + " " + packVersion + "; choose another version of the pack instead");
            }
        }

        boolean mapping(String path) {
            if (!present(path)) {
                return false;
            }
            if (!(get(path) instanceof Map<?, ?>)) {
                add(path, "must be a mapping of keys to values, not " + describe(get(path)));
                return false;
            }
            return true;
        }

        boolean requiredMapping(String path, String rule) {
            if (!(get(path) instanceof Map<?, ?>)) {
                add(path, rule);
                return false;
            }
            return true;
        }

        void textList(String path) {
            if (!present(path)) {
                return;
            }
            if (!(get(path) instanceof List<?> list)) {
                add(path, "must be a list, not " + describe(get(path)));
            } else if (!list.stream().allMatch(x -> x instanceof String)) {
                add(path, "must be a list of texts (quote numbers and true/false)");
            }
        }

        void textMap(String path) {
            if (!mapping(path)) {
                return;
            }
            ((Map<?, ?>) get(path)).forEach((k, val) -> {
                if (!(val instanceof String)) {
                    add(path + "." + k, "must be quoted text, e.g. \"" + val + "\" (Kubernetes takes its arguments as text)");
                }
            });
        }

        void integer(String path, int min, int max) {
            if (present(path) && !(get(path) instanceof Integer i && i >= min && i <= max)) {
                add(path, "must be a whole number from " + min + " to " + max);
            }
        }

        void bool(String path) {
            if (present(path) && !(get(path) instanceof Boolean)) {
                add(path, "must be true or false");
            }
        }

        void oneOf(String path, List<String> allowed) {
            if (present(path) && !(get(path) instanceof String s && allowed.contains(s))) {
                add(path, "must be one of " + String.join(", ", allowed));
            }
        }

        /** A required IPv4 CIDR with a prefix length from {@code widest} to {@code narrowest}; null when wrong. */
        String cidr(String path, String example, int widest, int narrowest, String why) {
            Object value = get(path);
            if (!(value instanceof String s) || !Cidrs.valid(s)) {
                add(path, "must be an IPv4 CIDR like " + example);
                return null;
            }
            int bits = Integer.parseInt(s.strip().substring(s.strip().indexOf('/') + 1));
            if (bits < widest || bits > narrowest) {
                add(path, s + " must have a prefix from /" + widest + " to /" + narrowest + " (" + why + ")");
                return null;
            }
            return s.strip();
        }

        private static String describe(Object o) {
            return o == null ? "empty" : "a " + kind(o);
        }
    }

    /**
     * Where a key stands in the text, by dotted path: " (line N)", or nothing when the text does not have it (a
     * key that came from the profile into a cluster's merged values).
     */
    private static final class Lines {
        private final Map<String, Integer> byPath = new LinkedHashMap<>();

        Lines(String yaml) {
            if (yaml == null || yaml.isBlank()) {
                return;
            }
            try {
                walk(yaml().compose(new StringReader(yaml)), "");
            } catch (YAMLException e) {
                // parse errors are reported by parse()
            }
        }

        private void walk(Node node, String prefix) {
            if (node instanceof MappingNode mapping) {
                for (NodeTuple t : mapping.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode key) {
                        int line = key.getStartMark().getLine() + 1;
                        byPath.putIfAbsent(prefix + key.getValue(), line);
                        walk(t.getValueNode(), prefix + key.getValue() + ".");
                    }
                }
            }
        }

        String at(String path) {
            Integer line = byPath.get(path);
            return line == null ? "" : " (line " + line + ")";
        }
    }
}
