package org.stackport.simulator.internal.kube;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * A server's user data read as cloud-init reads it: only {@code #cloud-config} documents, and of them only what
 * makes a Kubernetes node, {@code write_files} (path, content, optional base64 encoding, permissions) and
 * {@code runcmd} (argument lists, or strings that a shell would split). Anything else (a shell script, a MIME
 * multipart, broken YAML) boots a server that does nothing, as it would on a real cloud.
 */
record CloudConfig(Map<String, WrittenFile> files, List<List<String>> commands) {

    record WrittenFile(String path, String content, String permissions) {
    }

    /** Reads base64 user data as Nova hands it to the metadata service; empty when cloud-init would not act. */
    static Optional<CloudConfig> parse(String base64UserData) {
        if (base64UserData == null || base64UserData.isBlank()) {
            return Optional.empty();
        }
        String text;
        try {
            text = new String(Base64.getMimeDecoder().decode(base64UserData), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!text.startsWith("#cloud-config")) {
            return Optional.empty();
        }
        Object loaded;
        try {
            loaded = yaml().load(text);
        } catch (YAMLException e) {
            return Optional.empty();
        }
        if (!(loaded instanceof Map<?, ?> config)) {
            return Optional.empty();
        }
        Map<String, WrittenFile> files = new LinkedHashMap<>();
        if (config.get("write_files") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> f && f.get("path") != null) {
                    String content = String.valueOf(f.get("content") == null ? "" : f.get("content"));
                    String encoding = f.get("encoding") == null ? "" : String.valueOf(f.get("encoding"));
                    if (encoding.equals("b64") || encoding.equals("base64")) {
                        content = new String(Base64.getMimeDecoder().decode(content), StandardCharsets.UTF_8);
                    }
                    String path = String.valueOf(f.get("path"));
                    files.put(path, new WrittenFile(path, content,
                            f.get("permissions") == null ? "0644" : String.valueOf(f.get("permissions"))));
                }
            }
        }
        List<List<String>> commands = new ArrayList<>();
        if (config.get("runcmd") instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof List<?> argv) {
                    commands.add(argv.stream().map(String::valueOf).toList());
                } else if (item != null) {
                    commands.add(List.of(String.valueOf(item).trim().split("\\s+")));
                }
            }
        }
        return Optional.of(new CloudConfig(files, commands));
    }

    /** The YAML documents of a file (kubeadm reads several separated by "---"), each a map; empty when absent. */
    List<Map<?, ?>> documents(String path) {
        WrittenFile f = files.get(path);
        if (f == null) {
            return List.of();
        }
        List<Map<?, ?>> docs = new ArrayList<>();
        for (Object doc : yaml().loadAll(f.content())) {
            if (doc instanceof Map<?, ?> m) {
                docs.add(m);
            }
        }
        return docs;
    }

    Optional<String> file(String path) {
        return Optional.ofNullable(files.get(path)).map(WrittenFile::content);
    }

    private static Yaml yaml() {
        // not thread-safe: one per use; a safe constructor builds only maps, lists and scalars
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }
}
