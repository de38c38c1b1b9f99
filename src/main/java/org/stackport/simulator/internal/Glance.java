package org.stackport.simulator.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Glance v2 at {@code /image/v2}: the seed images, listed with Glance's filters and marker paging (a
 * default page of 25 and a {@code next} link whenever a page is full, as Glance does), and read one by one.
 */
public final class Glance implements SimService {

    public static final String PREFIX = "/image/v2";
    static final int DEFAULT_LIMIT = 25;
    static final int MAX_LIMIT = 1000;

    private final World world;

    public Glance(World world) {
        this.world = world;
        String owner = world.project("admin", null).map(World.Project::id).orElse(null);
        Instant now = world.now();
        // 24.04 is the newer image; Glance lists newest first
        seed("ubuntu-22.04", owner, now.minus(Duration.ofDays(400)), 10, 694_157_312L);
        seed("ubuntu-24.04", owner, now.minus(Duration.ofDays(30)), 10, 604_635_136L);
    }

    private void seed(String name, String owner, Instant created, int minDiskGiB, long size) {
        ObjectNode b = Json.object();
        String id = World.uuid();
        b.put("id", id);
        b.put("name", name);
        b.put("status", "active");
        b.put("visibility", "public");
        b.put("protected", false);
        b.put("os_hidden", false);
        b.put("owner", owner);
        b.put("disk_format", "qcow2");
        b.put("container_format", "bare");
        b.put("min_disk", minDiskGiB);
        b.put("min_ram", 0);
        b.put("size", size);
        b.put("virtual_size", (long) minDiskGiB * 1024 * 1024 * 1024);
        b.put("checksum", Integer.toHexString(name.hashCode()) + "0123456789abcdef0123456789ab".substring(0, 24));
        b.put("os_hash_algo", "sha512");
        b.put("os_hash_value", Integer.toHexString(id.hashCode()).repeat(16));
        b.put("os_distro", "ubuntu");
        b.put("os_version", name.substring("ubuntu-".length()));
        b.put("created_at", Nova.isoZ(created));
        b.put("updated_at", Nova.isoZ(created));
        b.putArray("tags");
        b.put("self", "/v2/images/" + id);
        b.put("file", "/v2/images/" + id + "/file");
        b.put("schema", "/v2/schemas/image");
        world.add(Kinds.IMAGE, null, b);
    }

    @Override
    public void register(Router router) {
        VersionDocuments.glance(router);
        router.add("GET", PREFIX + "/images", this::list);
        router.add("GET", PREFIX + "/images/{id}", r -> SimResponse.ok(visible(world, r.projectId(), r.param("id"))
                .map(i -> i.body.deepCopy())
                .orElseThrow(() -> notFound("No image found with ID " + r.param("id")))));
    }

    /** An image the project may use (public, or its own), or empty. */
    static Optional<Res> visible(World world, String projectId, String id) {
        return world.get(Kinds.IMAGE, id).filter(i -> usable(i, projectId));
    }

    private static boolean usable(Res image, String projectId) {
        String visibility = image.body.path("visibility").asString("");
        return "public".equals(visibility) || "community".equals(visibility)
                || (projectId != null && projectId.equals(image.body.path("owner").asString()));
    }

    private SimResponse list(SimRequest r) {
        int limit = intParam(r.query("limit"), DEFAULT_LIMIT);
        if (limit < 0) {
            throw badRequest("limit param must be positive");
        }
        limit = Math.min(limit, MAX_LIMIT);
        List<Res> images = world.all(Kinds.IMAGE)
                .filter(i -> usable(i, r.projectId()))
                .filter(i -> matches(i, "name", r.query("name")))
                .filter(i -> matches(i, "status", r.query("status")))
                .filter(i -> matches(i, "visibility", r.query("visibility")))
                .filter(i -> matches(i, "owner", r.query("owner")))
                .filter(i -> matches(i, "disk_format", r.query("disk_format")))
                .sorted(Comparator.comparing((Res i) -> i.body.path("created_at").asString()).reversed()
                        .thenComparing(i -> i.id, Comparator.reverseOrder()))
                .toList();
        String marker = r.query("marker");
        int from = 0;
        if (marker != null) {
            int at = indexOf(images, marker);
            if (at < 0) {
                throw badRequest("marker not found: " + marker);
            }
            from = at + 1;
        }
        List<Res> page = images.subList(Math.min(from, images.size()), Math.min(images.size(), from + limit));
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("images");
        page.forEach(i -> list.add(i.body.deepCopy()));
        body.put("first", "/v2/images" + (r.query("limit") == null ? "" : "?limit=" + limit));
        body.put("schema", "/v2/schemas/images");
        if (!page.isEmpty() && page.size() == limit) {
            body.put("next", "/v2/images?marker=" + page.getLast().id + "&limit=" + limit);
        }
        return SimResponse.ok(body);
    }

    private static int indexOf(List<Res> images, String id) {
        for (int i = 0; i < images.size(); i++) {
            if (images.get(i).id.equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean matches(Res image, String field, String wanted) {
        if (wanted == null || ("visibility".equals(field) && "all".equals(wanted))) {
            return true;
        }
        String value = image.body.path(field).asString("");
        if (wanted.startsWith("in:")) {
            return List.of(wanted.substring(3).split(",")).contains(value);
        }
        return wanted.equals(value);
    }

    private static int intParam(String value, int fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw badRequest("limit param must be an integer");
        }
    }

    /** Glance answers through webob: {@code {"message", "code": "404 Not Found", "title"}}. */
    static ServiceError notFound(String message) {
        return glance(404, "Not Found", message);
    }

    static ServiceError badRequest(String message) {
        return glance(400, "Bad Request", message);
    }

    private static ServiceError glance(int status, String title, String message) {
        ObjectNode body = Json.object();
        body.put("message", message).put("code", status + " " + title).put("title", title);
        return new ServiceError(status, body, message);
    }

    @Override
    public String statusOf(Res res) {
        return Kinds.IMAGE.equals(res.kind) ? res.body.path("status").asString("") : null;
    }
}
