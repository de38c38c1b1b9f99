package org.stackport.simulator.internal;

import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cinder's volume types: list and show for everyone (public types, and private ones shared with the caller's
 * project), create / update / delete, extra specs, project access and encryption specs for admins, with Cinder's
 * policies and error texts. Types are world resources without a project, so a type left behind shows in the
 * inventory like any other leak.
 */
final class CinderTypes implements Cinder.Part {

    static final String KIND = "volume_type";
    static final String ENCRYPTION = "_encryption";
    private static final String PROJECTS = "_projects";
    /** Extra specs a non-admin may read (Cinder's USER_VISIBLE_EXTRA_SPECS). */
    private static final Set<String> USER_VISIBLE = Set.of("RESKEY:availability_zones", "multiattach", "replication_enabled");

    private final World world;
    private final Cinder cinder;

    CinderTypes(World world, Cinder cinder) {
        this.world = world;
        this.cinder = cinder;
    }

    /** The types a fresh devstack-like cloud has: Cinder's own {@code __DEFAULT__} and the LVM backend's type. */
    static void seed(World world) {
        add(world, "__DEFAULT__", "Default Volume Type", true, Json.object());
        add(world, Cinder.DEFAULT_TYPE, null, true, Json.object().put("volume_backend_name", "lvmdriver-1"));
    }

    private static Res add(World world, String name, String description, boolean isPublic, ObjectNode specs) {
        ObjectNode b = Json.object();
        b.put("name", name).put("description", description).put("is_public", isPublic).putNull("qos_specs_id");
        b.set("extra_specs", specs);
        b.putArray(PROJECTS);
        b.put("_seq", Nova.SEQ.incrementAndGet());
        return world.add(KIND, null, b);
    }

    @Override
    public void register(Router router) {
        String types = Cinder.PREFIX + "/types";
        cinder.route(router, "GET", types, this::list);
        cinder.route(router, "POST", types, this::create);
        cinder.route(router, "GET", types + "/{id}", r -> {
            Res type = show(r);
            return Cinder.one("volume_type", withAccess(view(type, r, true), type));
        });
        cinder.route(router, "PUT", types + "/{id}", this::update);
        cinder.route(router, "DELETE", types + "/{id}", this::delete);
        cinder.route(router, "POST", types + "/{id}/action", this::action);
        cinder.route(router, "GET", types + "/{id}/os-volume-type-access", this::accessList);
        cinder.route(router, "GET", types + "/{id}/extra_specs", this::specs);
        cinder.route(router, "POST", types + "/{id}/extra_specs", this::createSpecs);
        cinder.route(router, "GET", types + "/{id}/extra_specs/{key}", this::spec);
        cinder.route(router, "PUT", types + "/{id}/extra_specs/{key}", this::updateSpec);
        cinder.route(router, "DELETE", types + "/{id}/extra_specs/{key}", this::deleteSpec);
        cinder.route(router, "GET", types + "/{id}/encryption", r -> {
            Cinder.requireAdmin(r, "volume_extension:volume_type_encryption:get");
            return SimResponse.ok(encryption(type(r, r.param("id"))));
        });
        cinder.route(router, "POST", types + "/{id}/encryption", this::createEncryption);
        cinder.route(router, "GET", types + "/{id}/encryption/{key}", this::encryptionItem);
        cinder.route(router, "PUT", types + "/{id}/encryption/{key}", this::updateEncryption);
        cinder.route(router, "DELETE", types + "/{id}/encryption/{key}", this::deleteEncryption);
    }

    // ---- lookups shared with the other Cinder parts

    static Optional<Res> byName(World world, String name) {
        return world.all(KIND).filter(t -> t.name().equals(name)).findFirst();
    }

    /** A type by id or by name, whoever asks. */
    static Optional<Res> find(World world, String ref) {
        return world.get(KIND, ref).or(() -> byName(world, ref));
    }

    /** A type the caller may use: public, shared with the caller's project, or any for an admin. */
    static Optional<Res> usable(World world, SimRequest r, String ref) {
        return find(world, ref).filter(t -> accessible(t, r));
    }

    private static boolean accessible(Res t, SimRequest r) {
        if (r.token().admin() || t.body.path("is_public").asBoolean()) {
            return true;
        }
        for (JsonNode p : t.body.path(PROJECTS)) {
            if (p.asString().equals(r.projectId())) {
                return true;
            }
        }
        return false;
    }

    private Res type(SimRequest r, String id) {
        return world.get(KIND, id).filter(t -> accessible(t, r))
                .orElseThrow(() -> Cinder.notFound("Volume type " + id + " could not be found."));
    }

    // ---- types

    /** {@code GET /types/default} is microversion 3.62: at 3.0 "default" is just an id that does not exist. */
    private Res show(SimRequest r) {
        return type(r, r.param("id"));
    }

    /**
     * Cinder's type view. The show and list answers ({@code full}) filter extra specs by policy, add the access
     * flag and (for admins) the QoS specs id; create and update answer the older view with every extra spec.
     */
    private ObjectNode view(Res t, SimRequest r, boolean full) {
        ObjectNode o = Json.object();
        o.put("id", t.id).put("name", t.name()).put("is_public", t.body.path("is_public").asBoolean())
                .put("description", Json.text(t.body, "description"));
        ObjectNode specs = o.putObject("extra_specs");
        t.body.path("extra_specs").properties().forEach(e -> {
            if (!full || r.token().admin() || USER_VISIBLE.contains(e.getKey())) {
                specs.set(e.getKey(), e.getValue());
            }
        });
        if (full && r.token().admin()) {
            o.put("qos_specs_id", Json.text(t.body, "qos_specs_id"));
        }
        return o;
    }

    private ObjectNode withAccess(ObjectNode view, Res t) {
        return view.put("os-volume-type-access:is_public", t.body.path("is_public").asBoolean());
    }

    private SimResponse list(SimRequest r) {
        Boolean wanted = true;
        if (r.token().admin() && r.query("is_public") != null) {
            String q = r.query("is_public").strip().toLowerCase();
            wanted = Set.of("none", "null").contains(q) ? null : Cinder.bool(Json.object().stringNode(q));
        }
        Boolean isPublic = wanted;
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("volume_types");
        world.all(KIND)
                .filter(t -> isPublic == null || t.body.path("is_public").asBoolean() == isPublic
                        || (isPublic && sharedWith(t, r.projectId())))
                .sorted(Comparator.comparing(Res::name))
                .forEach(t -> list.add(withAccess(view(t, r, true), t)));
        return SimResponse.ok(body);
    }

    private static boolean sharedWith(Res t, String project) {
        for (JsonNode p : t.body.path(PROJECTS)) {
            if (p.asString().equals(project)) {
                return true;
            }
        }
        return false;
    }

    private SimResponse create(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:type_create");
        JsonNode t = Cinder.root(r, "volume_type");
        JsonNode name = t.get("name");
        if (name == null) {
            throw Cinder.badRequest("Invalid input for field/attribute volume_type. Value: " + t + ". 'name' is a required property");
        }
        checkName(name, false);
        JsonNode description = t.get("description");
        if (description != null && !description.isNull() && (!description.isString() || description.asString().length() > 255)) {
            throw Cinder.invalid("description", description, "Invalid description");
        }
        JsonNode specs = t.get("extra_specs");
        checkSpecs(specs == null || specs.isNull() ? Json.object() : specs, "extra_specs");
        Boolean isPublic = true;
        if (t.has("os-volume-type-access:is_public")) {
            isPublic = Cinder.bool(t.get("os-volume-type-access:is_public"));
            if (isPublic == null) {
                throw Cinder.invalid("os-volume-type-access:is_public", t.get("os-volume-type-access:is_public"),
                        "Invalid boolean");
            }
        }
        String typeName = name.asString().strip();
        if (byName(world, typeName).isPresent()) {
            throw ServiceError.cinder(409, "conflictingRequest", "Volume Type " + typeName + " already exists.");
        }
        Res type = add(world, typeName, Json.text(t, "description"), isPublic,
                specs == null || specs.isNull() ? Json.object() : (ObjectNode) specs.deepCopy());
        return Cinder.one("volume_type", withAccess(view(type, r, false), type));
    }

    private static void checkName(JsonNode name, boolean update) {
        if (!name.isString()) {
            throw Cinder.invalid("name", name, Cinder.python(name) + " is not of type 'string'");
        }
        if (name.asString().isEmpty() || name.asString().length() > 255) {
            throw Cinder.invalid("name", name, name.asString().isEmpty() ? "'' is too short" : "is too long");
        }
        if (name.asString().strip().isEmpty()) {
            throw update ? Cinder.badRequest("Volume type name can not be empty.")
                    : Cinder.invalid("name", name, "The 'name' can not be empty.");
        }
    }

    private SimResponse update(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:type_update");
        JsonNode t = Cinder.root(r, "volume_type");
        Res type = type(r, r.param("id"));
        JsonNode name = t.get("name");
        JsonNode description = t.get("description");
        Boolean isPublic = null;
        if (t.has("is_public") && !t.get("is_public").isNull()) {
            isPublic = Cinder.bool(t.get("is_public"));
            if (isPublic == null) {
                throw Cinder.invalid("is_public", t.get("is_public"), "Invalid boolean");
            }
        }
        if (name != null && !name.isNull()) {
            checkName(name, true);
        }
        if ((name == null || name.isNull()) && description == null && isPublic == null) {
            throw Cinder.badRequest("Specify volume type name, description, is_public or a combination thereof.");
        }
        if (name != null && !name.isNull()) {
            String newName = name.asString().strip();
            if (byName(world, newName).filter(other -> !other.id.equals(type.id)).isPresent()) {
                throw ServiceError.cinder(409, "conflictingRequest", "Volume Type " + newName + " already exists.");
            }
            if (isDefault(type) && !newName.equals(type.name())) {
                throw ServiceError.cinder(500, "computeFault", "Cannot update volume_type " + type.id
                        + ": The default volume type cannot be renamed.");
            }
            type.body.put("name", newName);
        }
        if (description != null) {
            type.body.put("description", Json.text(t, "description"));
        }
        if (isPublic != null) {
            type.body.put("is_public", isPublic);
        }
        return Cinder.one("volume_type", view(type, r, false));
    }

    private static boolean isDefault(Res t) {
        return Cinder.DEFAULT_TYPE.equals(t.name()) || "__DEFAULT__".equals(t.name());
    }

    private SimResponse delete(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:type_delete");
        Res type = type(r, r.param("id"));
        if (inUse(type)) {
            throw Cinder.badRequest("Target volume type is still in use.");
        }
        if (isDefault(type)) {
            throw Cinder.badRequest("The volume type " + type.id + " is a default volume type and cannot be deleted.");
        }
        world.remove(KIND, type.id);
        return SimResponse.accepted(null);
    }

    private boolean inUse(Res type) {
        return world.all(Kinds.VOLUME).filter(v -> !Cinder.gone(world, v))
                .anyMatch(v -> type.id.equals(v.body.path("volume_type_id").asString()));
    }

    // ---- project access

    private SimResponse action(SimRequest r) {
        JsonNode body = r.body();
        if (body != null && body.has("addProjectAccess")) {
            Cinder.requireAdmin(r, "volume_extension:volume_type_access:addProjectAccess");
            String project = project(body.get("addProjectAccess"), "addProjectAccess");
            Res type = type(r, r.param("id"));
            if (type.body.path("is_public").asBoolean()) {
                throw Cinder.badRequest("Invalid volume type: Type access modification is not applicable to public volume type.");
            }
            if (sharedWith(type, project)) {
                throw ServiceError.cinder(409, "conflictingRequest", "Volume type access for " + type.id + " / "
                        + project + " combination already exists.");
            }
            ((ArrayNode) type.body.get(PROJECTS)).add(project);
            return SimResponse.accepted(null);
        }
        if (body != null && body.has("removeProjectAccess")) {
            Cinder.requireAdmin(r, "volume_extension:volume_type_access:removeProjectAccess");
            String project = project(body.get("removeProjectAccess"), "removeProjectAccess");
            Res type = type(r, r.param("id"));
            ArrayNode projects = (ArrayNode) type.body.get(PROJECTS);
            for (int i = 0; i < projects.size(); i++) {
                if (projects.get(i).asString().equals(project)) {
                    projects.remove(i);
                    return SimResponse.accepted(null);
                }
            }
            throw Cinder.notFound("Volume type access not found for " + type.id + " / " + project + " combination.");
        }
        String name = body == null || !body.isObject() || body.isEmpty() ? "None" : body.propertyNames().iterator().next();
        throw Cinder.badRequest("There is no such action: " + name);
    }

    private static String project(JsonNode access, String action) {
        if (access == null || !access.isObject() || !access.path("project").isString()) {
            throw Cinder.invalid(action, access, "'project' is a required property");
        }
        return access.path("project").asString();
    }

    private SimResponse accessList(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:volume_type_access:get_all_for_type");
        Res type = type(r, r.param("id"));
        if (type.body.path("is_public").asBoolean()) {
            throw Cinder.notFound("Access list not available for public volume types.");
        }
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("volume_type_access");
        type.body.path(PROJECTS).forEach(p -> list.addObject().put("volume_type_id", type.id).put("project_id", p.asString()));
        return SimResponse.ok(body);
    }

    // ---- extra specs

    private ObjectNode visibleSpecs(Res type, SimRequest r) {
        ObjectNode specs = Json.object();
        type.body.path("extra_specs").properties().forEach(e -> {
            if (r.token().admin() || USER_VISIBLE.contains(e.getKey())) {
                specs.set(e.getKey(), e.getValue());
            }
        });
        return specs;
    }

    private SimResponse specs(SimRequest r) {
        Res type = type(r, r.param("id"));
        ObjectNode body = Json.object();
        body.set("extra_specs", visibleSpecs(type, r));
        return SimResponse.ok(body);
    }

    private SimResponse spec(SimRequest r) {
        Res type = type(r, r.param("id"));
        JsonNode value = visibleSpecs(type, r).get(r.param("key"));
        if (value == null) {
            throw Cinder.notFound("Volume Type " + type.id + " has no extra specs with key " + r.param("key") + ".");
        }
        ObjectNode body = Json.object();
        body.set(r.param("key"), value);
        return SimResponse.ok(body);
    }

    /** Cinder's schema for extra specs: an object of string (or null) values under keys without spaces. */
    private static void checkSpecs(JsonNode specs, String field) {
        if (!specs.isObject()) {
            throw Cinder.invalid(field, specs, Cinder.python(specs) + " is not of type 'object'");
        }
        for (Map.Entry<String, JsonNode> e : specs.properties()) {
            if (e.getKey().isEmpty() || e.getKey().length() > 255 || !e.getKey().matches("[^\\s]+")) {
                throw Cinder.invalid(field, specs, "Additional properties are not allowed ('" + e.getKey() + "' was unexpected)");
            }
            if (!e.getValue().isNull() && (!e.getValue().isString() || e.getValue().asString().length() > 255)) {
                throw Cinder.invalid(field + "/" + e.getKey(), e.getValue(), Cinder.python(e.getValue())
                        + " is not of type 'string', 'null'");
            }
        }
    }

    private void allowUpdate(Res type) {
        if (inUse(type)) {
            throw Cinder.badRequest("Volume Type is currently in use.");
        }
    }

    private SimResponse createSpecs(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:types_extra_specs:create");
        JsonNode body = r.body();
        if (body == null || !body.isObject() || !body.has("extra_specs") || body.size() != 1) {
            throw Cinder.badRequest("Invalid input for field/attribute extra_specs. Value: " + Cinder.python(body)
                    + ". 'extra_specs' is a required property");
        }
        checkSpecs(body.get("extra_specs"), "extra_specs");
        Res type = type(r, r.param("id"));
        allowUpdate(type);
        ObjectNode specs = (ObjectNode) type.body.get("extra_specs");
        body.get("extra_specs").properties().forEach(e -> specs.set(e.getKey(), e.getValue().deepCopy()));
        return SimResponse.ok(body.deepCopy());
    }

    private SimResponse updateSpec(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:types_extra_specs:update");
        JsonNode body = r.body();
        if (body == null || !body.isObject() || body.size() != 1) {
            throw Cinder.badRequest("Invalid input for field/attribute None. Value: " + Cinder.python(body) + ". "
                    + Cinder.python(body) + (body != null && body.isObject() && body.size() > 1
                    ? " has too many properties" : " is not of type 'object'"));
        }
        checkSpecs(body, "extra_specs");
        Res type = type(r, r.param("id"));
        allowUpdate(type);
        if (!body.has(r.param("key"))) {
            throw Cinder.badRequest("Request body and URI mismatch");
        }
        ((ObjectNode) type.body.get("extra_specs")).set(r.param("key"), body.get(r.param("key")).deepCopy());
        return SimResponse.ok(body.deepCopy());
    }

    private SimResponse deleteSpec(SimRequest r) {
        Res type = type(r, r.param("id"));
        Cinder.requireAdmin(r, "volume_extension:types_extra_specs:delete");
        allowUpdate(type);
        ObjectNode specs = (ObjectNode) type.body.get("extra_specs");
        if (!specs.has(r.param("key"))) {
            throw Cinder.notFound("Volume Type " + type.id + " has no extra specs with key " + r.param("key") + ".");
        }
        specs.remove(r.param("key"));
        return SimResponse.accepted(null);
    }

    // ---- encryption specs

    private ObjectNode encryption(Res type) {
        JsonNode e = type.body.get(ENCRYPTION);
        return e == null ? Json.object() : (ObjectNode) e.deepCopy();
    }

    private static JsonNode checkEncryption(SimRequest r, boolean create) {
        JsonNode e = Cinder.root(r, "encryption");
        if (create) {
            for (String required : new String[]{"provider", "control_location"}) {
                if (!e.has(required)) {
                    throw Cinder.invalid("encryption", e, "'" + required + "' is a required property");
                }
            }
        }
        JsonNode location = e.get("control_location");
        if (location != null && !Set.of("front-end", "back-end").contains(location.asString(""))) {
            throw Cinder.invalid("control_location", location, "'" + Cinder.python(location)
                    + "' is not one of ['front-end', 'back-end']");
        }
        JsonNode keySize = e.get("key_size");
        if (keySize != null && !keySize.isNull() && !(keySize.canConvertToInt() || keySize.asString("").matches("\\d+"))) {
            throw Cinder.invalid("key_size", keySize, Cinder.python(keySize) + " is not of type 'integer', 'string', 'null'");
        }
        JsonNode provider = e.get("provider");
        if (provider != null && !provider.isString()) {
            throw Cinder.invalid("provider", provider, Cinder.python(provider) + " is not of type 'string'");
        }
        ObjectNode copy = (ObjectNode) e.deepCopy();
        if (keySize != null && !keySize.isNull()) {
            copy.put("key_size", keySize.isNumber() ? keySize.asInt() : Integer.parseInt(keySize.asString()));
        }
        return copy;
    }

    private SimResponse createEncryption(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:volume_type_encryption:create");
        JsonNode e = checkEncryption(r, true);
        Res type = type(r, r.param("id"));
        if (inUse(type)) {
            throw Cinder.badRequest("Cannot create encryption specs. Volume type in use.");
        }
        if (type.body.has(ENCRYPTION)) {
            throw Cinder.badRequest("Volume type encryption for type " + type.id + " already exists.");
        }
        ObjectNode stored = Json.object();
        stored.put("volume_type_id", type.id).put("encryption_id", World.uuid())
                .put("key_size", e.has("key_size") && !e.get("key_size").isNull() ? e.get("key_size").asInt() : null)
                .put("provider", Json.text(e, "provider")).put("control_location", Json.text(e, "control_location"))
                .put("cipher", Json.text(e, "cipher")).put("deleted", false)
                .put("created_at", Nova.isoMicros(world.now())).putNull("updated_at").putNull("deleted_at");
        type.body.set(ENCRYPTION, stored);
        // Cinder answers the request's specs, which its database layer completed with the two ids
        ObjectNode answer = (ObjectNode) e.deepCopy();
        answer.put("volume_type_id", type.id).put("encryption_id", stored.path("encryption_id").asString());
        ObjectNode body = Json.object();
        body.set("encryption", answer);
        return SimResponse.ok(body);
    }

    private SimResponse updateEncryption(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:volume_type_encryption:update");
        JsonNode e = checkEncryption(r, false);
        Res type = type(r, r.param("id"));
        if (inUse(type)) {
            throw Cinder.badRequest("Cannot update encryption specs. Volume type in use.");
        }
        ObjectNode stored = (ObjectNode) type.body.get(ENCRYPTION);
        if (stored == null) {
            throw Cinder.notFound("Volume type encryption for type " + type.id + " does not exist.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = e.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (Set.of("key_size", "provider", "control_location", "cipher").contains(field.getKey())) {
                stored.set(field.getKey(), field.getValue().deepCopy());
            }
        }
        stored.put("updated_at", Nova.isoMicros(world.now()));
        ObjectNode body = Json.object();
        body.set("encryption", e);
        return SimResponse.ok(body);
    }

    private SimResponse encryptionItem(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:volume_type_encryption:get");
        Res type = type(r, r.param("id"));
        JsonNode value = encryption(type).get(r.param("key"));
        if (value == null) {
            throw Cinder.notFound("Volume type encryption for type " + type.id + " does not exist.");
        }
        ObjectNode body = Json.object();
        body.set(r.param("key"), value);
        return SimResponse.ok(body);
    }

    private SimResponse deleteEncryption(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:volume_type_encryption:delete");
        Res type = type(r, r.param("id"));
        if (inUse(type)) {
            throw Cinder.badRequest("Cannot delete encryption specs. Volume type in use.");
        }
        if (type.body.remove(ENCRYPTION) == null) {
            throw Cinder.notFound("Volume type encryption for type " + type.id + " does not exist.");
        }
        return SimResponse.accepted(null);
    }
}
