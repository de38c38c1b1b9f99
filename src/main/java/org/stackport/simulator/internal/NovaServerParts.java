package org.stackport.simulator.internal;

import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A server's metadata and volume attachments. */
final class NovaServerParts {

    private final World world;
    private final Nova nova;

    NovaServerParts(World world, Nova nova) {
        this.world = world;
        this.nova = nova;
    }

    void register(Router router) {
        nova.route(router, "GET", Nova.PREFIX + "/servers/{id}/metadata", r -> metadata(nova.server(r, r.param("id"))));
        nova.route(router, "PUT", Nova.PREFIX + "/servers/{id}/metadata", r -> setMetadata(r, true));
        nova.route(router, "POST", Nova.PREFIX + "/servers/{id}/metadata", r -> setMetadata(r, false));
        nova.route(router, "GET", Nova.PREFIX + "/servers/{id}/metadata/{key}", r -> metadataItem(r));
        nova.route(router, "PUT", Nova.PREFIX + "/servers/{id}/metadata/{key}", this::putMetadataItem);
        nova.route(router, "DELETE", Nova.PREFIX + "/servers/{id}/metadata/{key}", r -> {
            Res s = nova.server(r, r.param("id"));
            Nova.checkUnlocked(r, s);
            if (!s.body.path("metadata").has(r.param("key"))) {
                throw ServiceError.nova(404, "itemNotFound", "Metadata item was not found");
            }
            ((ObjectNode) s.body.get("metadata")).remove(r.param("key"));
            return SimResponse.noContent();
        });

        nova.route(router, "GET", Nova.PREFIX + "/servers/{id}/os-volume_attachments", this::volumeAttachments);
        nova.route(router, "POST", Nova.PREFIX + "/servers/{id}/os-volume_attachments", this::attachVolume);
        nova.route(router, "GET", Nova.PREFIX + "/servers/{id}/os-volume_attachments/{volume}", r -> {
            Res s = nova.server(r, r.param("id"));
            return Nova.one("volumeAttachment", attachmentView(s, attachedVolume(s, r.param("volume"))));
        });
        nova.route(router, "DELETE", Nova.PREFIX + "/servers/{id}/os-volume_attachments/{volume}", this::detachVolume);

    }

    // ---- metadata

    private static SimResponse metadata(Res s) {
        ObjectNode body = Json.object();
        body.set("metadata", s.body.path("metadata").deepCopy());
        return SimResponse.ok(body);
    }

    private SimResponse setMetadata(SimRequest r, boolean replace) {
        Res s = nova.server(r, r.param("id"));
        JsonNode metadata = Nova.root(r, "metadata");
        Nova.checkUnlocked(r, s);
        ObjectNode merged = replace ? Json.object() : ((ObjectNode) s.body.get("metadata")).deepCopy();
        metadata.properties().forEach(e -> merged.set(e.getKey(), e.getValue()));
        nova.checkMetadata(s.projectId, merged);
        s.body.set("metadata", merged);
        return metadata(s);
    }

    private SimResponse metadataItem(SimRequest r) {
        Res s = nova.server(r, r.param("id"));
        JsonNode value = s.body.path("metadata").get(r.param("key"));
        if (value == null) {
            throw ServiceError.nova(404, "itemNotFound", "Metadata item was not found");
        }
        ObjectNode body = Json.object();
        body.putObject("meta").set(r.param("key"), value);
        return SimResponse.ok(body);
    }

    private SimResponse putMetadataItem(SimRequest r) {
        Res s = nova.server(r, r.param("id"));
        JsonNode meta = Nova.root(r, "meta");
        Nova.checkUnlocked(r, s);
        if (meta.size() != 1 || !meta.has(r.param("key"))) {
            throw Nova.badRequest(meta.size() != 1 ? "Request body contains too many items" : "Request body and URI mismatch");
        }
        ObjectNode merged = ((ObjectNode) s.body.get("metadata")).deepCopy();
        merged.set(r.param("key"), meta.get(r.param("key")));
        nova.checkMetadata(s.projectId, merged);
        s.body.set("metadata", merged);
        ObjectNode body = Json.object();
        body.set("meta", meta.deepCopy());
        return SimResponse.ok(body);
    }

    // ---- volume attachments

    private SimResponse volumeAttachments(SimRequest r) {
        Res s = nova.server(r, r.param("id"));
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("volumeAttachments");
        s.body.path("_volumes").forEach(v -> list.add(attachmentView(s, v)));
        return SimResponse.ok(body);
    }

    private static JsonNode attachedVolume(Res s, String volumeId) {
        for (JsonNode v : s.body.path("_volumes")) {
            if (volumeId.equals(v.path("volume_id").asString())) {
                return v;
            }
        }
        throw ServiceError.nova(404, "itemNotFound", "volume_id not found: " + volumeId);
    }

    private static ObjectNode attachmentView(Res s, JsonNode v) {
        ObjectNode o = Json.object();
        o.put("id", v.path("volume_id").asString()).put("serverId", s.id).put("volumeId", v.path("volume_id").asString())
                .put("device", v.path("device").asString());
        return o;
    }

    private SimResponse attachVolume(SimRequest r) {
        Res s = nova.server(r, r.param("id"));
        JsonNode a = Nova.root(r, "volumeAttachment");
        String volumeId = Json.text(a, "volumeId");
        if (volumeId == null) {
            throw Nova.badRequest("Invalid input for field/attribute volumeAttachment. Value: " + a + ". 'volumeId' is a required property");
        }
        Nova.checkUnlocked(r, s);
        NovaActions.check(nova, s, "attach_volume", Set.of("active", "stopped"), false);
        Res volume = Cinder.visible(world, s.projectId, volumeId)
                .orElseThrow(() -> ServiceError.nova(404, "itemNotFound", "Volume " + volumeId + " could not be found."));
        String volumeStatus = Cinder.status(world, volume);
        if (!"available".equals(volumeStatus)) {
            throw Nova.badRequest("Invalid volume: volume '" + volumeId + "' status must be 'available'. Currently in '" + volumeStatus + "'");
        }
        TreeSet<String> used = new TreeSet<>();
        s.body.path("_volumes").forEach(v -> used.add(v.path("device").asString()));
        if (!s.body.path("image_id").asString("").isEmpty()) {
            used.add("/dev/vda");
        }
        String device = Json.text(a, "device");
        if (device == null || used.contains(device)) {
            char letter = 'a';
            while (used.contains("/dev/vd" + letter)) {
                letter++;
            }
            device = "/dev/vd" + letter;
        }
        Cinder.attach(world, volume, s.id, device);
        nova.records.record(s, "attach_volume", r);
        ObjectNode entry = ((ArrayNode) s.body.get("_volumes")).addObject().put("volume_id", volume.id).put("device", device)
                .put("delete_on_termination", false).put("boot", false);
        return Nova.one("volumeAttachment", attachmentView(s, entry));
    }

    private SimResponse detachVolume(SimRequest r) {
        Res s = nova.server(r, r.param("id"));
        JsonNode v = attachedVolume(s, r.param("volume"));
        Nova.checkUnlocked(r, s);
        if (v.path("boot").asBoolean(false)) {
            throw Nova.badRequest("Cannot detach a root device volume");
        }
        world.get(Kinds.VOLUME, r.param("volume")).ifPresent(volume -> Cinder.detach(volume, s.id));
        nova.records.record(s, "detach_volume", r);
        ArrayNode volumes = (ArrayNode) s.body.get("_volumes");
        for (int i = volumes.size() - 1; i >= 0; i--) {
            if (r.param("volume").equals(volumes.get(i).path("volume_id").asString())) {
                volumes.remove(i);
            }
        }
        return SimResponse.accepted(null);
    }
}
