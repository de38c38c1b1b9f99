package org.stackport.simulator.internal;

import java.util.Map;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cinder's metadata sub-resource, the same for volumes and snapshots: {@code …/metadata} (show, merge with POST,
 * replace with PUT) and {@code …/metadata/{key}} (show, set, delete), with Cinder's checks on keys and values.
 */
final class CinderMetadata {

    private CinderMetadata() {
    }

    /**
     * Registers the routes under {@code collection} (e.g. {@code /volumes/{id}}). {@code find} resolves the owner
     * (404 when the caller may not see it); {@code what} names it in Cinder's messages ("Volume", "Snapshot").
     */
    static void register(Cinder cinder, Router router, String collection, Function<SimRequest, Res> find, String what) {
        String path = Cinder.PREFIX + collection + "/metadata";
        cinder.route(router, "GET", path, r -> answer("metadata", metadata(find.apply(r))));
        cinder.route(router, "POST", path, r -> write(find.apply(r), r, false));
        cinder.route(router, "PUT", path, r -> write(find.apply(r), r, true));
        cinder.route(router, "GET", path + "/{key}", r -> {
            Res owner = find.apply(r);
            JsonNode value = metadata(owner).get(r.param("key"));
            if (value == null) {
                throw notFound(what, owner, r.param("key"));
            }
            return answer("meta", Json.object().set(r.param("key"), value));
        });
        cinder.route(router, "PUT", path + "/{key}", r -> {
            Res owner = find.apply(r);
            JsonNode meta = Cinder.root(r, "meta");
            if (meta.size() > 1) {
                throw Cinder.badRequest("Request body contains too many items");
            }
            if (!meta.has(r.param("key"))) {
                throw Cinder.badRequest("Request body and URI mismatch");
            }
            check(meta);
            writable(owner);
            metadata(owner).set(r.param("key"), meta.get(r.param("key")).deepCopy());
            return answer("meta", meta.deepCopy());
        });
        cinder.route(router, "DELETE", path + "/{key}", r -> {
            Res owner = find.apply(r);
            if (!metadata(owner).has(r.param("key"))) {
                throw notFound(what, owner, r.param("key"));
            }
            writable(owner);
            metadata(owner).remove(r.param("key"));
            return SimResponse.ok(null);
        });
    }

    private static ServiceError notFound(String what, Res owner, String key) {
        return Cinder.notFound(what + " " + owner.id + " has no metadata with key " + key + ".");
    }

    private static ObjectNode metadata(Res owner) {
        return (ObjectNode) owner.body.get("metadata");
    }

    private static SimResponse answer(String root, JsonNode node) {
        ObjectNode body = Json.object();
        body.set(root, node.deepCopy());
        return SimResponse.ok(body);
    }

    private static void writable(Res owner) {
        if (Kinds.VOLUME.equals(owner.kind) && "maintenance".equals(owner.forcedStatus)) {
            throw Cinder.badRequest("Invalid volume: Updating volume metadata is not allowed for volumes in maintenance status.");
        }
    }

    private static SimResponse write(Res owner, SimRequest r, boolean replace) {
        JsonNode metadata = r.body() == null ? null : r.body().get("metadata");
        if (metadata == null || !metadata.isObject()) {
            throw Cinder.badRequest("Malformed request body");
        }
        check(metadata);
        writable(owner);
        ObjectNode stored = metadata(owner);
        if (replace) {
            stored.removeAll();
        }
        metadata.properties().forEach(e -> stored.set(e.getKey(), e.getValue().deepCopy()));
        return answer("metadata", stored);
    }

    /** Cinder's metadata rules: keys of 1 to 255 characters, string values of at most 255. */
    static void check(JsonNode metadata) {
        if (!metadata.isObject()) {
            throw Cinder.badRequest("Invalid metadata: Metadata must be a dictionary.");
        }
        for (Map.Entry<String, JsonNode> e : metadata.properties()) {
            if (e.getKey().isEmpty()) {
                throw Cinder.badRequest("Invalid metadata: Metadata property key blank.");
            }
            if (e.getKey().length() > 255) {
                throw Cinder.badRequest("Invalid metadata size: Metadata property key greater than 255 characters.");
            }
            if (!e.getValue().isString()) {
                throw Cinder.invalid("metadata/" + e.getKey(), e.getValue(), Cinder.python(e.getValue())
                        + " is not of type 'string'");
            }
            if (e.getValue().asString().length() > 255) {
                throw Cinder.badRequest("Invalid metadata size: Metadata property value greater than 255 characters.");
            }
        }
    }
}
