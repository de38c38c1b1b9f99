package org.stackport.provisioning.bootstrap;

import java.util.List;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Emits maps, lists, strings, numbers and booleans as block YAML with SnakeYAML, so a user's value (a label, a
 * SAN, a cluster name) is quoted by the emitter and can never break out of its place in the document.
 * Multi-line strings (PEM) come out as literal blocks.
 */
final class YamlText {

    private YamlText() {
    }

    static String dump(Object document) {
        return yaml().dump(document);
    }

    /** Several documents separated by "---", as kubeadm reads its configuration file. */
    static String dumpAll(List<?> documents) {
        return yaml().dumpAll(documents.iterator());
    }

    private static Yaml yaml() {
        // Yaml is not thread-safe: a fresh one per call
        DumperOptions o = new DumperOptions();
        o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        o.setIndent(2);
        o.setIndicatorIndent(2);
        o.setIndentWithIndicator(true);
        o.setSplitLines(false);
        return new Yaml(o);
    }
}
