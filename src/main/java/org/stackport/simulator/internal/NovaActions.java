package org.stackport.simulator.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Day-two calls on a server: {@code POST /servers/{id}/action} with os-stop, os-start, reboot and rebuild (each a
 * task that takes {@code settings.serverAction}, refused with Nova's 409 in the wrong vm_state or task_state), lock
 * and unlock (a locked server refuses changes to all but admins), add/removeSecurityGroup (on the server's ports),
 * restore and forceDelete as on a cloud without soft delete; the rename by {@code PUT /servers/{id}}, and the
 * {@code /ips} routes. The other actions are answered as a cloud whose policy does not allow them (403), unknown
 * ones as Nova does (400).
 */
final class NovaActions {

    /** Actions Nova 2.1 knows, by the policy rule that a cloud can close to users. */
    private static final Map<String, String> POLICIES = policies();
    private static final List<String> REBOOT_TYPES = List.of("HARD", "Hard", "hard", "SOFT", "Soft", "soft");
    private static final Set<String> UPDATABLE = Set.of("name", "accessIPv4", "accessIPv6", "OS-DCF:diskConfig", "description");
    private static final Set<String> REBUILDABLE = Set.of("imageRef", "name", "metadata", "adminPass", "accessIPv4", "accessIPv6",
            "OS-DCF:diskConfig", "personality", "preserve_ephemeral", "description");

    private final World world;
    private final Nova nova;

    NovaActions(World world, Nova nova) {
        this.world = world;
        this.nova = nova;
    }

    private static Map<String, String> policies() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("resize", "os_compute_api:servers:resize");
        m.put("confirmResize", "os_compute_api:servers:confirm_resize");
        m.put("revertResize", "os_compute_api:servers:revert_resize");
        m.put("rebuild", "os_compute_api:servers:rebuild");
        m.put("createImage", "os_compute_api:servers:create_image");
        m.put("changePassword", "os_compute_api:os-admin-password");
        m.put("pause", "os_compute_api:os-pause-server:pause");
        m.put("unpause", "os_compute_api:os-pause-server:unpause");
        m.put("suspend", "os_compute_api:os-suspend-server:suspend");
        m.put("resume", "os_compute_api:os-suspend-server:resume");
        m.put("lock", "os_compute_api:os-lock-server:lock");
        m.put("unlock", "os_compute_api:os-lock-server:unlock");
        m.put("shelve", "os_compute_api:os-shelve:shelve");
        m.put("shelveOffload", "os_compute_api:os-shelve:shelve_offload");
        m.put("unshelve", "os_compute_api:os-shelve:unshelve");
        m.put("rescue", "os_compute_api:os-rescue");
        m.put("unrescue", "os_compute_api:os-unrescue");
        m.put("createBackup", "os_compute_api:os-create-backup");
        m.put("migrate", "os_compute_api:os-migrate-server:migrate");
        m.put("os-migrateLive", "os_compute_api:os-migrate-server:migrate_live");
        m.put("os-resetState", "os_compute_api:os-admin-actions:reset_state");
        m.put("os-resetNetwork", "os_compute_api:os-admin-actions:reset_network");
        m.put("injectNetworkInfo", "os_compute_api:os-admin-actions:inject_network_info");
        m.put("evacuate", "os_compute_api:os-evacuate");
        m.put("forceDelete", "os_compute_api:os-deferred-delete:force");
        m.put("restore", "os_compute_api:os-deferred-delete:restore");
        m.put("addSecurityGroup", "os_compute_api:os-security-groups:add");
        m.put("removeSecurityGroup", "os_compute_api:os-security-groups:remove");
        m.put("addFloatingIp", "os_compute_api:os-floating-ips:add");
        m.put("removeFloatingIp", "os_compute_api:os-floating-ips:remove");
        m.put("addFixedIp", "os_compute_api:os-multinic:add");
        m.put("removeFixedIp", "os_compute_api:os-multinic:remove");
        m.put("os-getConsoleOutput", "os_compute_api:os-console-output");
        m.put("os-getVNCConsole", "os_compute_api:os-remote-consoles");
        m.put("os-getSPICEConsole", "os_compute_api:os-remote-consoles");
        m.put("os-getSerialConsole", "os_compute_api:os-remote-consoles");
        m.put("os-getRDPConsole", "os_compute_api:os-remote-consoles");
        m.put("trigger_crash_dump", "os_compute_api:servers:trigger_crash_dump");
        return Map.copyOf(m);
    }

    void register(Router router) {
        nova.route(router, "POST", Nova.PREFIX + "/servers/{id}/action", this::action);
        nova.route(router, "PUT", Nova.PREFIX + "/servers/{id}", this::update);
        nova.route(router, "GET", Nova.PREFIX + "/servers/{id}/ips", r -> {
            ObjectNode body = Json.object();
            body.set("addresses", ips(nova.server(r, r.param("id"))));
            return SimResponse.ok(body);
        });
        nova.route(router, "GET", Nova.PREFIX + "/servers/{id}/ips/{network}", r -> {
            JsonNode list = ips(nova.server(r, r.param("id"))).get(r.param("network"));
            if (list == null) {
                throw ServiceError.nova(404, "itemNotFound", "Instance is not a member of specified network");
            }
            ObjectNode body = Json.object();
            body.set(r.param("network"), list);
            return SimResponse.ok(body);
        });
    }

    /** The addresses without the extended attributes, as the ips routes show them. */
    private ObjectNode ips(Res s) {
        ObjectNode ips = Json.object();
        nova.addresses(s).properties().forEach(e -> {
            ArrayNode list = ips.putArray(e.getKey());
            e.getValue().forEach(a -> list.addObject().put("version", a.path("version").asInt()).put("addr", a.path("addr").asString()));
        });
        return ips;
    }

    private SimResponse action(SimRequest r) {
        Res s = nova.server(r, r.param("id"));
        JsonNode body = r.body();
        if (body == null || !body.isObject() || body.isEmpty()) {
            throw ServiceError.nova(400, "badRequest", "Malformed request body");
        }
        String action = body.propertyNames().iterator().next();
        switch (action) {
            case "os-stop" -> {
                Nova.checkUnlocked(r, s);
                check(nova, s, "stop", Set.of("active", "error"), false);
                nova.startTask(s, "powering-off", "stopped");
                nova.records.record(s, "stop", r);
            }
            case "os-start" -> {
                Nova.checkUnlocked(r, s);
                check(nova, s, "start", Set.of("stopped"), false);
                nova.startTask(s, "powering-on", "active");
                nova.records.record(s, "start", r);
            }
            case "reboot" -> {
                Nova.checkUnlocked(r, s);
                reboot(s, body.get("reboot"));
                nova.records.record(s, "reboot", r);
            }
            case "rebuild" -> {
                return rebuild(r, s, body.get("rebuild"));
            }
            case "lock" -> {
                // the owner's lock and an admin's from another project differ: only an admin lifts the latter
                s.body.put("_locked_by", s.projectId.equals(r.projectId()) ? "owner" : "admin");
                nova.records.record(s, "lock", r);
            }
            case "unlock" -> {
                if ("admin".equals(Json.text(s.body, "_locked_by")) && !r.token().admin()) {
                    throw ServiceError.nova(403, "forbidden", "Policy doesn't allow os_compute_api:os-lock-server:unlock:unlock_override to be performed.");
                }
                s.body.remove("_locked_by");
                nova.records.record(s, "unlock", r);
            }
            case "addSecurityGroup" -> NovaSecurityGroups.add(world, s, groupName(body.get(action), action));
            case "removeSecurityGroup" -> NovaSecurityGroups.remove(world, s, groupName(body.get(action), action));
            // without reclaim_instance_interval a delete is never soft: nothing is ever in vm_state soft-deleted
            case "restore" -> throw conflict(s, "restore", "vm_state", nova.vmState(s));
            case "forceDelete" -> {
                Nova.checkUnlocked(r, s);
                if (s.deletingUntil == null) {
                    nova.records.record(s, "delete", r);
                }
                nova.startDelete(s);
            }
            default -> {
                String policy = POLICIES.get(action);
                // trigger_crash_dump came with 2.17: before it, Nova knows no such action
                if (policy == null || action.equals("trigger_crash_dump") && !NovaMicroversion.of(r).atLeast(17)) {
                    throw ServiceError.nova(400, "badRequest", "There is no such action: " + action);
                }
                throw ServiceError.nova(403, "forbidden", "Policy doesn't allow " + policy + " to be performed.");
            }
        }
        return SimResponse.accepted(null);
    }

    /** The add/removeSecurityGroup body: {"name": group}, checked as Nova's schema does. */
    private static String groupName(JsonNode body, String action) {
        if (body == null || !body.isObject()) {
            throw NovaChecks.invalid(action, body == null ? Json.object() : body,
                    (body == null ? "None" : NovaChecks.repr(body)) + " is not of type 'object'");
        }
        JsonNode name = body.get("name");
        if (name == null) {
            throw NovaChecks.invalid(action, body, "'name' is a required property");
        }
        if (!name.isString() || name.asString().isBlank()) {
            throw NovaChecks.invalid("name", name, NovaChecks.repr(name) + (name.isString() ? " is too short" : " is not of type 'string'"));
        }
        return name.asString().strip();
    }

    /**
     * Rebuild (Nova's _action_rebuild at 2.1): the same server on an image, with a new name, metadata, access
     * addresses and admin password when given. It keeps its ports, volumes and flavor, spends
     * {@code settings.serverAction} in task_state rebuilding, and ends in the vm_state it had (a failed server ends
     * active). A volume-backed server can only be rebuilt on the image it booted from.
     */
    private SimResponse rebuild(SimRequest r, Res s, JsonNode rebuild) {
        if (rebuild == null || !rebuild.isObject()) {
            throw NovaChecks.invalid("rebuild", rebuild == null ? Json.object() : rebuild,
                    (rebuild == null ? "None" : NovaChecks.repr(rebuild)) + " is not of type 'object'");
        }
        for (String field : rebuild.propertyNames()) {
            if (!REBUILDABLE.contains(field)) {
                throw NovaChecks.invalid("rebuild", rebuild, "Additional properties are not allowed ('" + field + "' was unexpected)");
            }
        }
        JsonNode imageRef = rebuild.get("imageRef");
        if (imageRef == null) {
            throw NovaChecks.invalid("rebuild", rebuild, "'imageRef' is a required property");
        }
        String name = NovaChecks.name(rebuild, false);
        String v4 = NovaChecks.accessIp(rebuild, "accessIPv4", 4);
        String v6 = NovaChecks.accessIp(rebuild, "accessIPv6", 6);
        String diskConfig = NovaChecks.diskConfig(rebuild);
        JsonNode metadata = rebuild.get("metadata");
        if (metadata != null) {
            nova.checkMetadata(s.projectId, metadata);
        }
        Nova.checkUnlocked(r, s);
        check(nova, s, "rebuild", Set.of("active", "stopped", "error"), false);
        String ref = imageRef.asString("");
        String imageId = ref.substring(ref.lastIndexOf('/') + 1);
        Res image = Glance.visible(world, s.projectId, imageId)
                .orElseThrow(() -> Nova.badRequest("Cannot find image for rebuild"));
        if (!"active".equals(image.body.path("status").asString())) {
            throw Nova.badRequest("Image " + imageId + " is not active.");
        }
        if (s.body.path("image_id").asString("").isEmpty()) {
            if (!image.id.equals(s.body.path("_root_image").asString(""))) {
                throw Nova.badRequest("Unable to rebuild with a different image for a volume-backed server.");
            }
        } else {
            s.body.put("image_id", image.id);
        }
        if (name != null) {
            s.body.put("name", name);
        }
        if (metadata != null) {
            s.body.set("metadata", metadata.deepCopy());
        }
        if (v4 != null) {
            s.body.put("accessIPv4", v4);
        }
        if (v6 != null) {
            s.body.put("accessIPv6", v6);
        }
        if (diskConfig != null) {
            s.body.put("_disk_config", diskConfig);
        }
        String vm = nova.vmState(s);
        nova.startTask(s, "rebuilding", "stopped".equals(vm) ? "stopped" : "active");
        nova.records.record(s, "rebuild", r);
        ObjectNode view = nova.updateView(s, r);
        JsonNode password = rebuild.get("adminPass");
        view.put("adminPass", password != null && password.isString() ? password.asString() : Nova.password());
        ObjectNode answer = Json.object();
        answer.set("server", view);
        return SimResponse.accepted(answer);
    }

    private void reboot(Res s, JsonNode reboot) {
        if (reboot == null || !reboot.isObject()) {
            throw NovaChecks.invalid("reboot", reboot == null ? Json.object() : reboot,
                    (reboot == null ? "None" : NovaChecks.repr(reboot)) + " is not of type 'object'");
        }
        JsonNode type = reboot.get("type");
        if (type == null) {
            throw NovaChecks.invalid("reboot", reboot, "'type' is a required property");
        }
        if (!type.isString() || !REBOOT_TYPES.contains(type.asString())) {
            throw NovaChecks.invalid("type", type, NovaChecks.repr(type)
                    + " is not one of ['HARD', 'Hard', 'hard', 'SOFT', 'Soft', 'soft']");
        }
        if (type.asString().equalsIgnoreCase("SOFT")) {
            check(nova, s, "reboot", Set.of("active"), false);
            nova.startTask(s, "rebooting", "active");
        } else {
            // a hard reboot may interrupt a soft one, and brings a stopped or failed server back
            check(nova, s, "reboot", Set.of("active", "stopped", "error"), true);
            nova.startTask(s, "rebooting_hard", "active");
        }
    }

    /** Nova's check_instance_state: the vm_state first, then the task_state, each named in the 409. */
    static void check(Nova nova, Res s, String method, Set<String> vmStates, boolean duringReboot) {
        String vm = nova.vmState(s);
        if (!vmStates.contains(vm)) {
            throw conflict(s, method, "vm_state", vm);
        }
        String task = nova.taskState(s);
        if (task != null && !(duringReboot && List.of("rebooting", "rebooting_hard").contains(task))) {
            throw conflict(s, method, "task_state", task);
        }
    }

    static ServiceError conflict(Res s, String method, String attr, String state) {
        return ServiceError.nova(409, "conflictingRequest", "Cannot '" + method + "' instance " + s.id + " while it is in "
                + attr + " " + state);
    }

    private SimResponse update(SimRequest r) {
        Res s = nova.server(r, r.param("id"));
        JsonNode update = Nova.root(r, "server");
        for (String field : update.propertyNames()) {
            if (!UPDATABLE.contains(field)) {
                throw NovaChecks.invalid("server", update, "Additional properties are not allowed ('" + field + "' was unexpected)");
            }
        }
        String name = NovaChecks.name(update, false);
        String v4 = NovaChecks.accessIp(update, "accessIPv4", 4);
        String v6 = NovaChecks.accessIp(update, "accessIPv6", 6);
        String diskConfig = NovaChecks.diskConfig(update);
        String description = update.has("description") ? NovaChecks.description(update, NovaMicroversion.of(r)) : null;
        if (update.has("description")) {
            s.body.put("description", description);
        }
        if (diskConfig != null) {
            s.body.put("_disk_config", diskConfig);
        }
        if (name != null) {
            s.body.put("name", name);
        }
        if (v4 != null) {
            s.body.put("accessIPv4", v4);
        }
        if (v6 != null) {
            s.body.put("accessIPv6", v6);
        }
        s.body.put("_updated", world.now().toString());
        return Nova.one("server", nova.updateView(s, r));
    }
}
