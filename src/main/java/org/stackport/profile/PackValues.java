package org.stackport.profile;

import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stackport.shared.Cidrs;
import org.stackport.shared.Errors;
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
        var options = new org.yaml.snakeyaml.DumperOptions();
        options.setDefaultFlowStyle(org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        return new Yaml(options).dump(values);
    }

    /**
     * Type-checks the keys provisioning reads for the pack's layer. {@code yaml} is the text the values came from
     * (for line numbers) or null when they are merged.
     */
    public static void check(String layer, String packName, String packVersion, Map<String, Object> v, String yaml,
                             String field, Errors errors) {
        Lines lines = new Lines(yaml);
        switch (layer) {
            case "os" -> {
                if (!(v.get("image") instanceof String s) || s.isBlank()) {
                    errors.add(field, "'image' must name the cloud's image the nodes boot from, e.g. ubuntu-22.04" + lines.at("image"));
                }
                list(v, "packages", field, errors, lines);
            }
            case "k8s" -> {
                Object version = v.get("kubernetesVersion");
                String minor = packVersion.replaceAll("^(\\d+\\.\\d+).*", "$1");
                if (!(version instanceof String s) || !s.matches("\\d+\\.\\d+\\.\\d+")) {
                    errors.add(field, "'kubernetesVersion' must be a quoted version like \"" + packVersion + "\"" + lines.at("kubernetesVersion"));
                } else if (!s.startsWith(minor + ".")) {
                    errors.add(field, "'kubernetesVersion' " + s + " does not belong to pack " + packName + " " + packVersion
                            + " (expected " + minor + ".x)" + lines.at("kubernetesVersion"));
                }
                String pod = cidr(v, "podCidr", field, errors, lines);
                String service = cidr(v, "serviceCidr", field, errors, lines);
                if (pod != null && service != null && Cidrs.overlap(pod, service)) {
                    errors.add(field, "'serviceCidr' " + service + " overlaps 'podCidr' " + pod + lines.at("serviceCidr"));
                }
                if (v.get("kubelet") instanceof Map<?, ?> kubelet && kubelet.containsKey("maxPods")) {
                    integer(kubelet.get("maxPods"), "kubelet.maxPods", 10, 250, field, errors, lines);
                } else if (v.containsKey("kubelet") && !(v.get("kubelet") instanceof Map<?, ?>)) {
                    errors.add(field, "'kubelet' must be a mapping" + lines.at("kubelet"));
                }
            }
            case "cni" -> {
                if (v.containsKey("mtu")) {
                    integer(v.get("mtu"), "mtu", 1200, 9000, field, errors, lines);
                }
                if ("calico".equals(packName)) {
                    oneOf(v, "encapsulation", List.of("IPIP", "IPIPCrossSubnet", "VXLAN", "VXLANCrossSubnet", "None"), field, errors, lines);
                    bool(v, "natOutgoing", field, errors, lines);
                }
                if ("cilium".equals(packName)) {
                    oneOf(v, "tunnelProtocol", List.of("vxlan", "geneve", "disabled"), field, errors, lines);
                    bool(v, "kubeProxyReplacement", field, errors, lines);
                }
            }
            case "csi" -> {
                if (v.get("storageClass") instanceof Map<?, ?> sc) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> storage = (Map<String, Object>) sc;
                    if (!(storage.get("name") instanceof String n) || !n.matches("^[a-z0-9]([a-z0-9.-]{0,61}[a-z0-9])?$")) {
                        errors.add(field, "'storageClass.name' must be a Kubernetes name like cinder-default" + lines.at("name"));
                    }
                    bool(storage, "default", field, errors, lines, "storageClass.");
                    bool(storage, "allowVolumeExpansion", field, errors, lines, "storageClass.");
                    oneOf(storage, "reclaimPolicy", List.of("Delete", "Retain"), field, errors, lines, "storageClass.");
                } else {
                    errors.add(field, "'storageClass' must be a mapping with the storage class's name and settings" + lines.at("storageClass"));
                }
            }
            default -> {
                // add-ons: any mapping
            }
        }
    }

    private static String cidr(Map<String, Object> v, String key, String field, Errors errors, Lines lines) {
        Object value = v.get(key);
        if (!(value instanceof String s) || !Cidrs.valid(s)) {
            errors.add(field, "'" + key + "' must be an IPv4 CIDR like " + ("podCidr".equals(key) ? "192.168.0.0/16" : "10.96.0.0/12")
                    + lines.at(key));
            return null;
        }
        return s;
    }

    private static void integer(Object value, String key, int min, int max, String field, Errors errors, Lines lines) {
        String leaf = key.substring(key.lastIndexOf('.') + 1);
        if (!(value instanceof Integer i) || i < min || i > max) {
            errors.add(field, "'" + key + "' must be a whole number from " + min + " to " + max + lines.at(leaf));
        }
    }

    private static void bool(Map<String, Object> v, String key, String field, Errors errors, Lines lines) {
        bool(v, key, field, errors, lines, "");
    }

    private static void bool(Map<String, Object> v, String key, String field, Errors errors, Lines lines, String prefix) {
        if (v.containsKey(key) && !(v.get(key) instanceof Boolean)) {
            errors.add(field, "'" + prefix + key + "' must be true or false" + lines.at(key));
        }
    }

    private static void oneOf(Map<String, Object> v, String key, List<String> allowed, String field, Errors errors, Lines lines) {
        oneOf(v, key, allowed, field, errors, lines, "");
    }

    private static void oneOf(Map<String, Object> v, String key, List<String> allowed, String field, Errors errors, Lines lines,
                              String prefix) {
        if (v.containsKey(key) && !(v.get(key) instanceof String s && allowed.contains(s))) {
            errors.add(field, "'" + prefix + key + "' must be one of " + String.join(", ", allowed) + lines.at(key));
        }
    }

    private static void list(Map<String, Object> v, String key, String field, Errors errors, Lines lines) {
        if (v.containsKey(key) && !(v.get(key) instanceof List<?>)) {
            errors.add(field, "'" + key + "' must be a list" + lines.at(key));
        }
    }

    private static String kind(Object o) {
        return o instanceof List<?> ? "list" : o instanceof String ? "single text" : o.getClass().getSimpleName().toLowerCase();
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(MAX_LENGTH);
        return new Yaml(new SafeConstructor(options));
    }

    /** Where a key stands in the text: " (line N)", or nothing when unknown. */
    private static final class Lines {
        private final Map<String, Integer> firstLine = new LinkedHashMap<>();

        Lines(String yaml) {
            if (yaml == null || yaml.isBlank()) {
                return;
            }
            try {
                Node root = yaml().compose(new StringReader(yaml));
                walk(root);
            } catch (YAMLException e) {
                // parse errors are reported by parse()
            }
        }

        private void walk(Node node) {
            if (node instanceof MappingNode mapping) {
                for (NodeTuple t : mapping.getValue()) {
                    if (t.getKeyNode() instanceof ScalarNode key) {
                        firstLine.putIfAbsent(key.getValue(), key.getStartMark().getLine() + 1);
                    }
                    walk(t.getValueNode());
                }
            }
        }

        String at(String key) {
            Integer line = firstLine.get(key);
            return line == null ? "" : " (line " + line + ")";
        }
    }
}
