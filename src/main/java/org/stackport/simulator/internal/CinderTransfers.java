package org.stackport.simulator.internal;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Cinder's volume transfers ({@code os-volume-transfer}): the owner offers an available volume (it is
 * "awaiting-transfer" meanwhile), anyone holding the transfer id and its auth key accepts it into their project
 * (quota checked there), and the owner may withdraw the offer. The volume, with its snapshots, then belongs to the
 * accepting project and user.
 */
final class CinderTransfers implements Cinder.Part {

    static final String KIND = "volume_transfer";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final World world;
    private final Cinder cinder;

    CinderTransfers(World world, Cinder cinder) {
        this.world = world;
        this.cinder = cinder;
    }

    @Override
    public void register(Router router) {
        String base = Cinder.PREFIX + "/os-volume-transfer";
        cinder.route(router, "POST", base, this::create);
        cinder.route(router, "GET", base, r -> list(r, false));
        cinder.route(router, "GET", base + "/detail", r -> list(r, true));
        cinder.route(router, "GET", base + "/{id}", r -> Cinder.one("transfer", view(find(r), r, true)));
        cinder.route(router, "DELETE", base + "/{id}", this::delete);
        cinder.route(router, "POST", base + "/{id}/accept", this::accept);
    }

    private Res find(SimRequest r) {
        String id = r.param("id");
        return world.get(KIND, id).filter(t -> r.token().admin() || t.projectId.equals(r.projectId()))
                .orElseThrow(() -> Cinder.notFound("Transfer " + id + " could not be found."));
    }

    private ObjectNode view(Res t, SimRequest r, boolean detail) {
        ObjectNode o = Json.object();
        o.put("id", t.id);
        if (detail) {
            o.put("created_at", Nova.isoMicros(t.createdAt));
        }
        o.put("name", Json.text(t.body, "name")).put("volume_id", t.body.path("volume_id").asString());
        o.set("links", Cinder.links(r, "os-volume-transfer", t.id));
        return o;
    }

    private SimResponse create(SimRequest r) {
        JsonNode t = Cinder.root(r, "transfer");
        String volumeId = Json.text(t, "volume_id");
        if (volumeId == null) {
            throw Cinder.invalid("transfer", t, "'volume_id' is a required property");
        }
        JsonNode name = t.get("name");
        if (name != null && !name.isNull() && (!name.isString() || name.asString().length() > 255)) {
            throw Cinder.invalid("name", name, Cinder.python(name) + " is not of type 'string', 'null'");
        }
        Res volume = Cinder.volume(world, r, volumeId);
        String status = Cinder.status(world, volume);
        if (!"available".equals(status)) {
            throw Cinder.badRequest("Invalid volume: Status must be available");
        }
        String key = HexFormat.of().formatHex(randomBytes(8));
        ObjectNode b = Json.object();
        b.put("name", name == null || name.isNull() ? null : name.asString().strip()).put("volume_id", volume.id)
                .put("_auth_key", key);
        Res transfer = world.add(KIND, volume.projectId, b);
        volume.forcedStatus = "awaiting-transfer";
        ObjectNode view = view(transfer, r, true);
        view.put("auth_key", key);
        return SimResponse.accepted(Cinder.one("transfer", view).body());
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private SimResponse list(SimRequest r, boolean detail) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("transfers");
        world.all(KIND).filter(t -> t.projectId.equals(r.projectId()))
                .sorted(java.util.Comparator.comparing((Res t) -> t.createdAt))
                .forEach(t -> list.add(view(t, r, detail)));
        return SimResponse.ok(body);
    }

    private SimResponse delete(SimRequest r) {
        Res transfer = find(r);
        world.remove(KIND, transfer.id);
        world.get(Kinds.VOLUME, transfer.body.path("volume_id").asString())
                .filter(v -> "awaiting-transfer".equals(v.forcedStatus)).ifPresent(v -> v.forcedStatus = null);
        return SimResponse.accepted(null);
    }

    private SimResponse accept(SimRequest r) {
        JsonNode a = Cinder.root(r, "accept");
        String key = Json.text(a, "auth_key");
        if (key == null) {
            throw Cinder.invalid("accept", a, "'auth_key' is a required property");
        }
        String id = r.param("id");
        Res transfer = world.get(KIND, id).orElseThrow(() -> Cinder.notFound("Transfer " + id + " could not be found."));
        if (!key.equals(transfer.body.path("_auth_key").asString())) {
            throw Cinder.badRequest("Invalid auth key: Attempt to transfer " + id + " with invalid auth key.");
        }
        Res volume = world.get(Kinds.VOLUME, transfer.body.path("volume_id").asString())
                .orElseThrow(() -> Cinder.notFound("Volume " + transfer.body.path("volume_id").asString() + " could not be found."));
        if (!"awaiting-transfer".equals(Cinder.status(world, volume))) {
            throw Cinder.badRequest("Invalid volume: Transfer volume status must be awaiting-transfer.");
        }
        int size = volume.body.path("size").asInt();
        Res type = Cinder.typeOf(world, volume);
        List<Res> snapshots = CinderSnapshots.of(world, volume).toList();
        CinderQuotas.check(world, r.projectId(), type == null ? null : type.name(), 1, size, size);
        if (!snapshots.isEmpty()) {
            CinderQuotas.check(world, r.projectId(), type == null ? null : type.name(), snapshots.size(),
                    snapshots.stream().mapToInt(s -> s.body.path("size").asInt()).sum(), size, true);
        }
        volume.body.put("user_id", r.token().userId());
        volume.forcedStatus = null;
        move(volume, r.projectId());
        snapshots.forEach(s -> move(s, r.projectId()));
        world.remove(KIND, transfer.id);
        ObjectNode view = view(transfer, r, false);
        return SimResponse.accepted(Cinder.one("transfer", view).body());
    }

    /** Gives a resource to another project (the id, body and state stay). */
    private void move(Res res, String projectId) {
        Res moved = new Res(res.kind, res.id, projectId, res.createdAt, res.body);
        moved.readyAt = res.readyAt;
        moved.stuckUntil = res.stuckUntil;
        moved.forcedStatus = res.forcedStatus;
        moved.deletingUntil = res.deletingUntil;
        world.kind(res.kind).put(res.id, moved);
    }
}
