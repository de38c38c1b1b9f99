package org.stackport.simulator.internal;

import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code POST /volumes/{id}/action} as Cinder serves it: the attach handshake (os-reserve, os-unreserve, os-attach,
 * os-begin_detaching, os-roll_detaching, os-detach), os-extend and os-retype (a short transition each), the flags
 * (os-set_bootable, os-update_readonly_flag), the image metadata actions and the admin actions (os-reset_status,
 * os-force_delete, os-force_detach); plus the volume metadata routes. Attaching through Cinder records the
 * attachment Cinder shows; it does not tell Nova, exactly as on a real cloud.
 */
final class CinderVolumeActions implements Cinder.Part {

    private static final Set<String> RESET_STATUSES = Set.of("available", "error", "creating", "deleting", "in-use",
            "attaching", "detaching", "error_deleting", "maintenance", "reserved", "error_extending",
            "error_restoring", "downloading", "uploading", "retyping", "extending", "error_managing", "awaiting-transfer",
            "backing-up", "restoring-backup");
    private static final String DETACH_REFUSED = "Invalid volume: Unable to detach volume. Volume status must be "
            + "'in-use' and attach_status must be 'attached' to detach.";

    private final World world;
    private final Cinder cinder;

    CinderVolumeActions(World world, Cinder cinder) {
        this.world = world;
        this.cinder = cinder;
    }

    @Override
    public void register(Router router) {
        cinder.route(router, "POST", Cinder.PREFIX + "/volumes/{id}/action", this::action);
        CinderMetadata.register(cinder, router, "/volumes/{id}", r -> Cinder.volume(world, r, r.param("id")), "Volume");
    }

    private SimResponse action(SimRequest r) {
        JsonNode body = r.body();
        String name = body == null || !body.isObject() || body.isEmpty() ? "None" : body.propertyNames().iterator().next();
        Res volume = Cinder.volume(world, r, r.param("id"));
        JsonNode args = body == null ? null : body.get(name);
        return switch (name) {
            case "os-reset_status" -> resetStatus(r, volume, args);
            case "os-force_delete" -> forceDelete(r, volume);
            case "os-force_detach" -> forceDetach(r, volume, args);
            case "os-extend" -> extend(volume, args);
            case "os-retype" -> retype(r, volume, args);
            case "os-attach" -> attach(volume, args);
            case "os-detach" -> detach(volume, args);
            case "os-reserve" -> reserve(volume);
            case "os-unreserve" -> {
                if ("attaching".equals(Cinder.status(world, volume))) {
                    volume.forcedStatus = null;
                }
                yield SimResponse.accepted(null);
            }
            case "os-begin_detaching" -> {
                if (!"in-use".equals(Cinder.status(world, volume))) {
                    throw Cinder.badRequest(DETACH_REFUSED);
                }
                volume.forcedStatus = "detaching";
                yield SimResponse.accepted(null);
            }
            case "os-roll_detaching" -> {
                if ("detaching".equals(Cinder.status(world, volume))) {
                    volume.forcedStatus = null;
                }
                yield SimResponse.accepted(null);
            }
            case "os-set_bootable" -> {
                Boolean bootable = Cinder.bool(args == null ? null : args.get("bootable"));
                if (bootable == null) {
                    throw Cinder.invalid("bootable", args == null ? null : args.get("bootable"), "Invalid boolean");
                }
                volume.body.put("bootable", bootable.toString());
                yield SimResponse.ok(null);
            }
            case "os-update_readonly_flag" -> readonly(volume, args);
            case "os-set_image_metadata" -> setImageMetadata(volume, args);
            case "os-unset_image_metadata" -> unsetImageMetadata(volume, args);
            case "os-show_image_metadata" -> imageMetadata(volume);
            default -> throw Cinder.badRequest("There is no such action: " + name);
        };
    }

    private SimResponse resetStatus(SimRequest r, Res volume, JsonNode args) {
        Cinder.requireAdmin(r, "volume_extension:volume_admin_actions:reset_status");
        if (args == null || !args.isObject() || args.isEmpty()) {
            throw Cinder.badRequest("Must specify 'status', 'attach_status' or 'migration_status' for update.");
        }
        JsonNode status = args.get("status");
        if (status != null && !RESET_STATUSES.contains(status.asString("").toLowerCase())) {
            throw Cinder.badRequest("Invalid input received: Must specify a valid status");
        }
        JsonNode attach = args.get("attach_status");
        if (attach != null && !Set.of("attached", "detached").contains(attach.asString(""))) {
            throw Cinder.badRequest("Invalid input received: Must specify a valid attach status");
        }
        if (status != null) {
            // the admin writes Cinder's status column: any running transition ends here
            volume.readyAt = world.now();
            volume.stuckUntil = null;
            volume.body.remove(Cinder.BUSY);
            volume.forcedStatus = status.asString().toLowerCase();
        }
        if (attach != null && "detached".equals(attach.asString())) {
            ((ArrayNode) volume.body.get("attachments")).removeAll();
        }
        return SimResponse.accepted(null);
    }

    private SimResponse forceDelete(SimRequest r, Res volume) {
        Cinder.requireAdmin(r, "volume_extension:volume_admin_actions:force_delete");
        if (!volume.body.path("attachments").isEmpty() || CinderSnapshots.of(world, volume).findAny().isPresent()) {
            throw Cinder.badRequest(Cinder.IN_USE_MESSAGE);
        }
        Cinder.startDelete(world, volume);
        return SimResponse.accepted(null);
    }

    private SimResponse forceDetach(SimRequest r, Res volume, JsonNode args) {
        Cinder.requireAdmin(r, "volume_extension:volume_admin_actions:force_detach");
        String attachment = args == null ? null : Json.text(args, "attachment_id");
        detachAttachment(volume, attachment);
        return SimResponse.accepted(null);
    }

    private void detachAttachment(Res volume, String attachmentId) {
        if (attachmentId != null) {
            boolean found = false;
            for (JsonNode a : volume.body.path("attachments")) {
                found |= attachmentId.equals(a.path("attachment_id").asString());
            }
            if (!found) {
                throw Cinder.notFound("Volume attachment could not be found with filter: attachment_id = " + attachmentId + ".");
            }
        }
        Cinder.detachWhere(volume, a -> attachmentId == null || attachmentId.equals(a.path("attachment_id").asString()));
    }

    private SimResponse extend(Res volume, JsonNode args) {
        JsonNode size = args == null ? null : args.get("new_size");
        if (size == null || size.isNull() || !(size.isIntegralNumber() || size.asString("").matches("[0-9]+"))) {
            throw Cinder.invalid("new_size", size, Cinder.python(size) + " is not of type 'integer', 'string'");
        }
        int newSize = size.isNumber() ? size.asInt() : Integer.parseInt(size.asString());
        if (newSize < 1) {
            throw Cinder.invalid("new_size", size, newSize + " is less than the minimum of 1");
        }
        int current = volume.body.path("size").asInt();
        if (newSize <= current) {
            throw Cinder.badRequest("Invalid input received: New size for extend must be greater than current size. "
                    + "(current: " + current + ", extended: " + newSize + ").");
        }
        String status = Cinder.status(world, volume);
        if (!"available".equals(status)) {
            throw Cinder.badRequest("Invalid volume: Volume " + volume.id + " status must be '{'status': 'available'}' "
                    + "to extend, currently " + status + ".");
        }
        Res type = Cinder.typeOf(world, volume);
        CinderQuotas.check(world, volume.projectId, type == null ? null : type.name(), 0, newSize - current, newSize);
        volume.body.putObject(Cinder.PENDING).put("size", newSize);
        transition(volume, "extending");
        return SimResponse.accepted(null);
    }

    /** A short Cinder transition (extending, retyping) that ends in the status the volume had. */
    private void transition(Res volume, String busy) {
        volume.body.put(Cinder.BUSY, busy);
        world.startTransition(volume, world.settings.volumeCreate());
        volume.body.put("_updated", Nova.isoMicros(volume.readyAt));
    }

    private SimResponse retype(SimRequest r, Res volume, JsonNode args) {
        String newType = args == null ? null : Json.text(args, "new_type");
        if (newType == null) {
            throw Cinder.invalid("os-retype", args, "'new_type' is a required property");
        }
        JsonNode policy = args.get("migration_policy");
        if (policy != null && !policy.isNull() && !Set.of("never", "on-demand").contains(policy.asString(""))) {
            throw Cinder.invalid("migration_policy", policy, "'" + Cinder.python(policy) + "' is not one of ['never', 'on-demand']");
        }
        Res type = CinderTypes.usable(world, r, newType)
                .orElseThrow(() -> Cinder.badRequest("Invalid volume_type passed: " + newType + "."));
        Res old = Cinder.typeOf(world, volume);
        if (old != null && old.id.equals(type.id)) {
            throw Cinder.badRequest("Invalid input received: New volume_type same as original: " + newType + ".");
        }
        String status = Cinder.status(world, volume);
        if (!Set.of("available", "in-use").contains(status)) {
            throw Cinder.badRequest("Invalid volume: Retype needs volume to be in available or in-use state, not be part "
                    + "of an active migration or a consistency group, requested type has to be different that the one "
                    + "from the volume, and for in-use volumes front-end qos specs cannot change.");
        }
        int size = volume.body.path("size").asInt();
        CinderQuotas.check(world, volume.projectId, type.name(), 0, 0, size);
        int typeVolumes = world.quota(volume.projectId, "volumes_" + type.name());
        int typeGigabytes = world.quota(volume.projectId, "gigabytes_" + type.name());
        if (typeVolumes >= 0 || typeGigabytes >= 0) {
            CinderQuotas.check(world, volume.projectId, type.name(), 1, size, size);
        }
        volume.body.putObject(Cinder.PENDING).put("volume_type_id", type.id).put("volume_type", type.name());
        transition(volume, "retyping");
        return SimResponse.accepted(null);
    }

    private SimResponse attach(Res volume, JsonNode args) {
        if (args == null || !args.isObject()) {
            throw Cinder.invalid("os-attach", args, "None is not of type 'object'");
        }
        String server = Json.text(args, "instance_uuid");
        String host = Json.text(args, "host_name");
        String mountpoint = Json.text(args, "mountpoint");
        if (mountpoint == null) {
            throw Cinder.invalid("os-attach", args, "'mountpoint' is a required property");
        }
        if (server == null && host == null) {
            throw Cinder.badRequest("Invalid request to attach volume to an invalid target");
        }
        String mode = args.has("mode") ? Json.text(args, "mode") : "rw";
        if (!"rw".equals(mode) && !"ro".equals(mode)) {
            throw Cinder.badRequest("Invalid request to attach volume with an invalid mode. Attaching mode should be 'rw' or 'ro'");
        }
        String status = Cinder.status(world, volume);
        if ("maintenance".equals(status)) {
            throw Cinder.badRequest("Invalid volume: The volume cannot be attached in maintenance mode.");
        }
        if (!Set.of("available", "attaching", "reserved").contains(status)) {
            throw Cinder.badRequest("Invalid volume: Volume status must be available or attaching to attach, but the "
                    + "status is " + status + ".");
        }
        if ("True".equals(volume.body.path(Cinder.ADMIN_METADATA).path("readonly").asString()) && "rw".equals(mode)) {
            throw Cinder.badRequest("Invalid volume: Volume " + volume.id + " is read-only and cannot be attached "
                    + "read-write.");
        }
        ObjectNode attachment = Cinder.attach(world, volume, server, mountpoint);
        if (server == null) {
            attachment.put("host_name", host);
        }
        ((ObjectNode) volume.body.get(Cinder.ADMIN_METADATA)).put("attached_mode", mode);
        return SimResponse.accepted(null);
    }

    private SimResponse detach(Res volume, JsonNode args) {
        String status = Cinder.status(world, volume);
        if ("maintenance".equals(status)) {
            throw Cinder.badRequest("Invalid volume: The volume cannot be detached in maintenance mode.");
        }
        if (volume.body.path("attachments").isEmpty()) {
            // Cinder's volume manager: "detach called, but volume not attached" sets it available and moves on
            volume.forcedStatus = null;
            return SimResponse.accepted(null);
        }
        String attachment = args == null ? null : Json.text(args, "attachment_id");
        detachAttachment(volume, attachment);
        return SimResponse.accepted(null);
    }

    private SimResponse reserve(Res volume) {
        String status = Cinder.status(world, volume);
        if (!"available".equals(status)) {
            throw Cinder.badRequest("Invalid volume: Volume status must be available to reserve, but the status is "
                    + status + ".");
        }
        volume.forcedStatus = "attaching";
        return SimResponse.accepted(null);
    }

    private SimResponse readonly(Res volume, JsonNode args) {
        Boolean readonly = Cinder.bool(args == null ? null : args.get("readonly"));
        if (readonly == null) {
            throw Cinder.invalid("readonly", args == null ? null : args.get("readonly"), "Invalid boolean");
        }
        String status = Cinder.status(world, volume);
        if (!List.of("available", "in-use").contains(status)) {
            throw Cinder.badRequest("Invalid volume: Volume " + volume.id + " status must be available or in-use, but "
                    + "current status is: " + status + ".");
        }
        ((ObjectNode) volume.body.get(Cinder.ADMIN_METADATA)).put("readonly", readonly ? "True" : "False");
        return SimResponse.accepted(null);
    }

    private SimResponse setImageMetadata(Res volume, JsonNode args) {
        JsonNode metadata = args == null ? null : args.get("metadata");
        if (metadata == null || !metadata.isObject()) {
            throw Cinder.badRequest("Malformed request body");
        }
        CinderMetadata.check(metadata);
        ObjectNode stored = volume.body.has("volume_image_metadata")
                ? (ObjectNode) volume.body.get("volume_image_metadata") : volume.body.putObject("volume_image_metadata");
        metadata.properties().forEach(e -> stored.set(e.getKey(), e.getValue().deepCopy()));
        ObjectNode body = Json.object();
        body.set("metadata", stored.deepCopy());
        return SimResponse.ok(body);
    }

    private SimResponse unsetImageMetadata(Res volume, JsonNode args) {
        String key = args == null ? null : Json.text(args, "key");
        if (key == null) {
            throw Cinder.invalid("os-unset_image_metadata", args, "'key' is a required property");
        }
        JsonNode stored = volume.body.get("volume_image_metadata");
        if (stored == null || !stored.has(key)) {
            throw Cinder.notFound("Glance metadata for volume/snapshot " + volume.id + " cannot be found.");
        }
        ((ObjectNode) stored).remove(key);
        return SimResponse.ok(null);
    }

    private SimResponse imageMetadata(Res volume) {
        ObjectNode body = Json.object();
        body.set("metadata", volume.body.has("volume_image_metadata")
                ? volume.body.get("volume_image_metadata").deepCopy() : Json.object());
        return SimResponse.ok(body);
    }
}
