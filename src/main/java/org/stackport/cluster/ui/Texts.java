package org.stackport.cluster.ui;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.stackport.cluster.ClusterSpec;

/** The wizard's one-line forms of lists, labels and taints, both ways. */
final class Texts {

    private Texts() {
    }

    static List<String> list(String commaSeparated) {
        return commaSeparated == null ? List.of()
                : Arrays.stream(commaSeparated.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** "key=value, other=" → a map; an entry without '=' is a key with an empty value. */
    static Map<String, String> labels(String text) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (String entry : list(text)) {
            int eq = entry.indexOf('=');
            labels.put(eq < 0 ? entry : entry.substring(0, eq).strip(), eq < 0 ? "" : entry.substring(eq + 1).strip());
        }
        return labels;
    }

    /** "key=value:Effect, key:Effect" → taints; a missing effect stays null so the server names it. */
    static List<ClusterSpec.Taint> taints(String text) {
        List<ClusterSpec.Taint> taints = new ArrayList<>();
        for (String entry : list(text)) {
            int colon = entry.lastIndexOf(':');
            String effect = colon < 0 ? null : entry.substring(colon + 1).strip();
            String kv = colon < 0 ? entry : entry.substring(0, colon);
            int eq = kv.indexOf('=');
            taints.add(new ClusterSpec.Taint(eq < 0 ? kv.strip() : kv.substring(0, eq).strip(),
                    eq < 0 ? "" : kv.substring(eq + 1).strip(), effect));
        }
        return taints;
    }

    static String labels(Map<String, String> labels) {
        return String.join(", ", labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }

    /** The one-line form {@link #taints(String)} reads back; a taint without a value is "key:Effect". */
    static String taints(List<ClusterSpec.Taint> taints) {
        return String.join(", ", taints.stream().map(t -> t.key() + (t.value() == null || t.value().isEmpty() ? "" : "=" + t.value())
                + ":" + t.effect()).toList());
    }
}
