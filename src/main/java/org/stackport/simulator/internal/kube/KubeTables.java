package org.stackport.simulator.internal.kube;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.stackport.simulator.internal.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The server-side printing kubectl asks for ({@code Accept: application/json;as=Table;g=meta.k8s.io;v=v1}): nodes
 * with the columns of {@code kubectl get nodes} (NAME, STATUS, ROLES, AGE, VERSION, and with {@code -o wide} the
 * addresses, OS image, kernel and runtime), namespaces with their phase, everything else NAME and AGE.
 */
final class KubeTables {

    private KubeTables() {
    }

    static ObjectNode table(JsonNode answer, String plural) {
        List<JsonNode> items = new ArrayList<>();
        if (answer.has("items")) {
            answer.get("items").forEach(items::add);
        } else {
            items.add(answer);
        }
        ObjectNode t = Json.object().put("kind", "Table").put("apiVersion", "meta.k8s.io/v1");
        t.putObject("metadata").put("resourceVersion", answer.path("metadata").path("resourceVersion").asString(""));
        ArrayNode columns = t.putArray("columnDefinitions");
        column(columns, "Name", "name", 0);
        switch (plural) {
            case "nodes" -> {
                column(columns, "Status", "", 0);
                column(columns, "Roles", "", 0);
                column(columns, "Age", "", 0);
                column(columns, "Version", "", 0);
                column(columns, "Internal-IP", "", 1);
                column(columns, "External-IP", "", 1);
                column(columns, "OS-Image", "", 1);
                column(columns, "Kernel-Version", "", 1);
                column(columns, "Container-Runtime", "", 1);
            }
            case "namespaces" -> {
                column(columns, "Status", "", 0);
                column(columns, "Age", "", 0);
            }
            default -> column(columns, "Age", "", 0);
        }
        ArrayNode rows = t.putArray("rows");
        for (JsonNode item : items) {
            ObjectNode row = rows.addObject();
            ArrayNode cells = row.putArray("cells");
            JsonNode meta = item.path("metadata");
            cells.add(meta.path("name").asString(""));
            String age = age(meta.path("creationTimestamp").asString(""));
            switch (plural) {
                case "nodes" -> {
                    cells.add(nodeStatus(item)).add(roles(meta.path("labels"))).add(age)
                            .add(item.path("status").path("nodeInfo").path("kubeletVersion").asString(""));
                    cells.add(address(item, "InternalIP")).add(address(item, "ExternalIP"))
                            .add(item.path("status").path("nodeInfo").path("osImage").asString("<unknown>"))
                            .add(item.path("status").path("nodeInfo").path("kernelVersion").asString("<unknown>"))
                            .add(item.path("status").path("nodeInfo").path("containerRuntimeVersion").asString("<unknown>"));
                }
                case "namespaces" -> cells.add(item.path("status").path("phase").asString("Active")).add(age);
                default -> cells.add(age);
            }
            ObjectNode object = row.putObject("object").put("kind", "PartialObjectMetadata").put("apiVersion", "meta.k8s.io/v1");
            object.set("metadata", meta.deepCopy());
        }
        return t;
    }

    private static void column(ArrayNode columns, String name, String format, int priority) {
        columns.addObject().put("name", name).put("type", "string").put("format", format).put("description", name)
                .put("priority", priority);
    }

    private static String nodeStatus(JsonNode node) {
        String ready = "Unknown";
        for (JsonNode c : node.path("status").path("conditions")) {
            if ("Ready".equals(c.path("type").asString(""))) {
                ready = "True".equals(c.path("status").asString("")) ? "Ready" : "NotReady";
            }
        }
        return node.path("spec").path("unschedulable").asBoolean(false) ? ready + ",SchedulingDisabled" : ready;
    }

    private static String roles(JsonNode labels) {
        List<String> roles = new ArrayList<>();
        labels.properties().forEach(e -> {
            if (e.getKey().startsWith("node-role.kubernetes.io/")) {
                roles.add(e.getKey().substring("node-role.kubernetes.io/".length()));
            }
        });
        return roles.isEmpty() ? "<none>" : String.join(",", roles);
    }

    private static String address(JsonNode node, String type) {
        for (JsonNode a : node.path("status").path("addresses")) {
            if (type.equals(a.path("type").asString(""))) {
                return a.path("address").asString("");
            }
        }
        return "<none>";
    }

    /** kubectl's short durations: 45s, 3m20s, 12m, 5h3m, 20h, 3d. */
    static String age(String timestamp) {
        Instant created;
        try {
            created = Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
        long s = Math.max(0, Duration.between(created, Instant.now()).toSeconds());
        if (s < 120) {
            return s + "s";
        }
        long m = s / 60;
        if (m < 10) {
            return m + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
        }
        if (m < 180) {
            return m + "m";
        }
        long h = m / 60;
        if (h < 8) {
            return h + "h" + (m % 60 == 0 ? "" : (m % 60) + "m");
        }
        return h < 48 ? h + "h" : (h / 24) + "d";
    }
}
