package org.stackport.simulator.internal;

import java.util.Comparator;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cinder's QoS specs ({@code qos-specs}, admin only): create, list, show, set and unset keys, associate with volume
 * types (a type has at most one), list associations, disassociate, delete (refused while associated unless
 * forced). The association is the type's {@code qos_specs_id}, as in Cinder's database.
 */
final class CinderQos implements Cinder.Part {

    static final String KIND = "qos_specs";
    private static final Set<String> CONSUMERS = Set.of("front-end", "back-end", "both");

    private final World world;
    private final Cinder cinder;

    CinderQos(World world, Cinder cinder) {
        this.world = world;
        this.cinder = cinder;
    }

    @Override
    public void register(Router router) {
        String base = Cinder.PREFIX + "/qos-specs";
        cinder.route(router, "POST", base, this::create);
        cinder.route(router, "GET", base, this::list);
        cinder.route(router, "GET", base + "/{id}", r -> show(find(r), r));
        cinder.route(router, "PUT", base + "/{id}", this::setKeys);
        cinder.route(router, "DELETE", base + "/{id}", this::delete);
        cinder.route(router, "PUT", base + "/{id}/delete_keys", this::unsetKeys);
        cinder.route(router, "GET", base + "/{id}/associations", this::associations);
        cinder.route(router, "GET", base + "/{id}/associate", r -> associate(r, true));
        cinder.route(router, "GET", base + "/{id}/disassociate", r -> associate(r, false));
        cinder.route(router, "GET", base + "/{id}/disassociate_all", r -> {
            Res qos = find(r);
            associated(qos).forEach(t -> t.body.putNull("qos_specs_id"));
            return SimResponse.accepted(null);
        });
    }

    private Res find(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:qos_specs_manage:get");
        String id = r.param("id");
        return world.get(KIND, id).orElseThrow(() -> Cinder.notFound("No such QoS spec " + id + "."));
    }

    private ObjectNode view(Res qos) {
        ObjectNode o = Json.object();
        o.put("id", qos.id).put("name", qos.name()).put("consumer", qos.body.path("consumer").asString());
        o.set("specs", qos.body.path("specs").deepCopy());
        return o;
    }

    private SimResponse show(Res qos, SimRequest r) {
        ObjectNode body = Json.object();
        body.set("qos_specs", view(qos));
        body.set("links", Cinder.links(r, "qos-specs", qos.id));
        return SimResponse.ok(body);
    }

    private SimResponse create(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:qos_specs_manage:create");
        JsonNode q = Cinder.root(r, "qos_specs");
        JsonNode name = q.get("name");
        if (name == null || !name.isString() || name.asString().strip().isEmpty() || name.asString().length() > 255) {
            throw Cinder.invalid("qos_specs/name", name, name == null ? "'name' is a required property"
                    : Cinder.python(name) + " is not a valid name");
        }
        String consumer = q.has("consumer") ? q.path("consumer").asString("") : "back-end";
        if (!CONSUMERS.contains(consumer)) {
            throw Cinder.badRequest("Invalid input received: Valid consumer of QoS specs are: ['back-end', 'both', 'front-end']");
        }
        if (world.all(KIND).anyMatch(other -> other.name().equals(name.asString().strip()))) {
            throw ServiceError.cinder(409, "conflictingRequest", "QoS Specs " + name.asString().strip() + " already exists.");
        }
        ObjectNode specs = Json.object();
        q.properties().forEach(e -> {
            if (!Set.of("name", "consumer").contains(e.getKey())) {
                specs.put(e.getKey(), e.getValue().isString() ? e.getValue().asString() : e.getValue().toString());
            }
        });
        ObjectNode b = Json.object();
        b.put("name", name.asString().strip()).put("consumer", consumer);
        b.set("specs", specs);
        return show(world.add(KIND, null, b), r);
    }

    private SimResponse list(SimRequest r) {
        Cinder.requireAdmin(r, "volume_extension:qos_specs_manage:get_all");
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("qos_specs");
        world.all(KIND).sorted(Comparator.comparing(Res::name)).forEach(q -> list.add(view(q)));
        return SimResponse.ok(body);
    }

    private SimResponse setKeys(SimRequest r) {
        Res qos = find(r);
        JsonNode keys = Cinder.root(r, "qos_specs");
        ObjectNode specs = (ObjectNode) qos.body.get("specs");
        ObjectNode set = Json.object();
        keys.properties().forEach(e -> {
            String value = e.getValue().isString() ? e.getValue().asString() : e.getValue().toString();
            if ("consumer".equals(e.getKey())) {
                if (!CONSUMERS.contains(value)) {
                    throw Cinder.badRequest("Invalid input received: Valid consumer of QoS specs are: ['back-end', 'both', 'front-end']");
                }
                qos.body.put("consumer", value);
            } else {
                specs.put(e.getKey(), value);
            }
            set.put(e.getKey(), value);
        });
        ObjectNode body = Json.object();
        body.set("qos_specs", set);
        return SimResponse.ok(body);
    }

    private SimResponse unsetKeys(SimRequest r) {
        Res qos = find(r);
        JsonNode keys = r.body() == null ? null : r.body().get("keys");
        if (keys == null || !keys.isArray()) {
            throw Cinder.badRequest("Missing required element 'keys' in request body.");
        }
        ObjectNode specs = (ObjectNode) qos.body.get("specs");
        for (JsonNode k : keys) {
            if (!specs.has(k.asString())) {
                throw Cinder.notFound("QoS spec " + qos.id + " has no spec with key " + k.asString() + ".");
            }
        }
        keys.forEach(k -> specs.remove(k.asString()));
        return SimResponse.accepted(null);
    }

    private java.util.stream.Stream<Res> associated(Res qos) {
        return world.all(CinderTypes.KIND).filter(t -> qos.id.equals(t.body.path("qos_specs_id").asString()));
    }

    private SimResponse associations(SimRequest r) {
        Res qos = find(r);
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("qos_associations");
        associated(qos).forEach(t -> list.addObject().put("association_type", "volume_type").put("name", t.name()).put("id", t.id));
        return SimResponse.ok(body);
    }

    private SimResponse associate(SimRequest r, boolean associate) {
        Res qos = find(r);
        String typeId = r.query("vol_type_id");
        if (typeId == null) {
            throw Cinder.badRequest("Volume Type id must not be None.");
        }
        Res type = world.get(CinderTypes.KIND, typeId)
                .orElseThrow(() -> Cinder.notFound("Volume type " + typeId + " could not be found."));
        String current = Json.text(type.body, "qos_specs_id");
        if (associate) {
            if (current != null && !current.equals(qos.id)) {
                throw Cinder.badRequest("Invalid volume type: Type " + typeId + " is already associated with another "
                        + "qos specs: " + current);
            }
            type.body.put("qos_specs_id", qos.id);
        } else if (qos.id.equals(current)) {
            type.body.putNull("qos_specs_id");
        }
        return SimResponse.accepted(null);
    }

    private SimResponse delete(SimRequest r) {
        Res qos = find(r);
        boolean force = Boolean.TRUE.equals(Cinder.bool(Json.object().stringNode(r.query("force") == null ? "false" : r.query("force"))));
        if (associated(qos).findAny().isPresent()) {
            if (!force) {
                throw Cinder.badRequest("QoS Specs " + qos.id + " is still associated with entities.");
            }
            associated(qos).forEach(t -> t.body.putNull("qos_specs_id"));
        }
        world.remove(KIND, qos.id);
        return SimResponse.accepted(null);
    }
}
