package org.stackport.simulator.internal.kube;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.stackport.simulator.internal.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One simulated cluster's Kubernetes API, apart from its transport: health and version, discovery, and every
 * resource path stored by fabric8's CRUD dispatcher (called in-process: its own web server is never started).
 * Around the dispatcher it does what the real API server does and the dispatcher does not: query strings it would
 * misread are dropped (only {@code labelSelector} is kept), lists get their typed kind ({@code NodeList}), a
 * missing object is a {@code Status} NotFound, and a request for a {@code Table} gets one (see {@link KubeTables}).
 * Watches and server-side apply are refused with a Status that says so.
 */
final class KubeApi {

    /** An HTTP answer. */
    record Answer(int status, String contentType, byte[] body) {

        static Answer json(int status, JsonNode body) {
            return new Answer(status, "application/json", Json.bytes(body));
        }

        static Answer text(int status, String body) {
            return new Answer(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private final KubernetesCrudDispatcher store = new KubernetesCrudDispatcher();
    private final String gitVersion;

    KubeApi(String gitVersion) {
        this.gitVersion = gitVersion;
    }

    Answer handle(String method, String path, String rawQuery, String accept, String contentType, byte[] body) {
        String m = method.toUpperCase(Locale.ROOT);
        if (m.equals("GET") && (path.equals("/readyz") || path.equals("/livez") || path.equals("/healthz")
                || path.startsWith("/readyz/") || path.startsWith("/livez/") || path.startsWith("/healthz/"))) {
            return Answer.text(200, "ok");
        }
        if (m.equals("GET") && path.equals("/version")) {
            return Answer.json(200, version());
        }
        if (m.equals("GET")) {
            Optional<ObjectNode> discovery = KubeDiscovery.document(path);
            if (discovery.isPresent()) {
                return Answer.json(200, discovery.get());
            }
        }
        if (!path.startsWith("/api/") && !path.startsWith("/apis/")) {
            return Answer.json(404, status(404, "NotFound", "the server could not find the requested resource", null, null));
        }
        String query = rawQuery == null ? "" : rawQuery;
        if (param(query, "watch").filter(w -> w.equals("true") || w.equals("1")).isPresent()) {
            return Answer.json(405, status(405, "MethodNotAllowed", "watch is not served by the simulated Kubernetes API", null, null));
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (m.equals("PATCH") && type.startsWith("application/apply-patch")) {
            return Answer.json(415, status(415, "UnsupportedMediaType",
                    "server-side apply is not served by the simulated Kubernetes API", null, null));
        }
        String keep = param(query, "labelSelector").map(s -> "?labelSelector=" + java.net.URLEncoder.encode(s, StandardCharsets.UTF_8))
                .orElse("");
        MockResponse r = dispatch(m, path + keep, contentType, body);
        if (r == null) {
            return Answer.json(405, status(405, "MethodNotAllowed", "the server does not allow this method on the requested resource", null, null));
        }
        int code = r.code() == 202 ? 200 : r.code();
        String text = r.getBody() == null ? "" : r.getBody().readUtf8();
        Optional<KubeDiscovery.Resource> resource = KubeDiscovery.resourceOf(path);
        if (code == 404 && text.isBlank()) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            String plural = resource.map(KubeDiscovery.Resource::plural).orElse("resource");
            return Answer.json(404, status(404, "NotFound", plural + " \"" + name + "\" not found", name, plural));
        }
        if (text.isBlank()) {
            return new Answer(code, "application/json", new byte[0]);
        }
        JsonNode answer = Json.parse(text.getBytes(StandardCharsets.UTF_8));
        dropNullNamespace(answer);
        answer.path("items").forEach(KubeApi::dropNullNamespace);
        if (answer instanceof ObjectNode o && "List".equals(Json.text(o, "kind")) && resource.isPresent()) {
            o.put("kind", resource.get().kind() + "List").put("apiVersion", resource.get().groupVersion());
        }
        if (m.equals("GET") && code == 200 && accept != null && accept.contains("as=Table")) {
            return Answer.json(200, KubeTables.table(answer, resource.map(KubeDiscovery.Resource::plural).orElse("")));
        }
        return Answer.json(code, answer);
    }

    /** The dispatcher writes "namespace": null into cluster-scoped objects it updated; the API server never does. */
    private static void dropNullNamespace(JsonNode object) {
        if (object.path("metadata") instanceof ObjectNode meta && meta.has("namespace") && meta.get("namespace").isNull()) {
            meta.remove("namespace");
        }
    }

    /** The stored object at a path, or null. */
    JsonNode get(String path) {
        MockResponse r = dispatch("GET", path, null, null);
        String text = r.getBody() == null ? "" : r.getBody().readUtf8();
        return r.code() == 200 && !text.isBlank() ? Json.parse(text.getBytes(StandardCharsets.UTF_8)) : null;
    }

    void create(String collectionPath, ObjectNode object) {
        dispatch("POST", collectionPath, "application/json", Json.bytes(object));
    }

    /** Reads, changes and writes back an object (the dispatcher's merge patch appends to lists, so no patch). */
    void update(String path, java.util.function.Consumer<ObjectNode> change) {
        if (get(path) instanceof ObjectNode o) {
            change.accept(o);
            dispatch("PUT", path, "application/json", Json.bytes(o));
        }
    }

    void delete(String path) {
        dispatch("DELETE", path, null, null);
    }

    private MockResponse dispatch(String method, String path, String contentType, byte[] body) {
        Headers headers = Headers.builder().add("Content-Type", contentType == null ? "application/json" : contentType).build();
        // the constants, never HttpMethod.valueOf: that one converts through Vert.x, which is left out
        HttpMethod verb = switch (method) {
            case "GET" -> HttpMethod.GET;
            case "POST" -> HttpMethod.POST;
            case "PUT" -> HttpMethod.PUT;
            case "PATCH" -> HttpMethod.PATCH;
            case "DELETE" -> HttpMethod.DELETE;
            default -> null;
        };
        if (verb == null) {
            return null;
        }
        return store.dispatch(new RecordedRequest("HTTP/1.1", verb, path, headers, new Buffer(body == null ? new byte[0] : body)));
    }

    private ObjectNode version() {
        String[] parts = gitVersion.replaceFirst("^v", "").split("[.-]");
        return Json.object().put("major", parts[0]).put("minor", parts.length > 1 ? parts[1] : "0")
                .put("gitVersion", gitVersion).put("gitCommit", "0000000000000000000000000000000000000000")
                .put("gitTreeState", "clean").put("buildDate", "2024-01-01T00:00:00Z").put("goVersion", "go1.22.0")
                .put("compiler", "gc").put("platform", "linux/amd64");
    }

    static ObjectNode status(int code, String reason, String message, String name, String kind) {
        ObjectNode s = Json.object().put("kind", "Status").put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure").put("message", message).put("reason", reason);
        if (name != null) {
            s.putObject("details").put("name", name).put("kind", kind);
        }
        return s.put("code", code);
    }

    private static Optional<String> param(String query, String name) {
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            if (k.equals(name)) {
                return Optional.of(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }
}
