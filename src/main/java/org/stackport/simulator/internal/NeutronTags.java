package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.Neutron.invalid;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Neutron's tag extension (standard-attr-tag): the tags of networks, subnets, subnet pools, ports, routers, security
 * groups and floating IPs, read by whoever sees the resource and changed by its owner. Part of {@link Neutron}; callers hold
 * the world's lock.
 */
final class NeutronTags {

    /** Tag routes: URL collection → kind. */
    private static final Map<String, String> TAGGABLE = Map.of("networks", Kinds.NETWORK, "subnets", Kinds.SUBNET,
            "ports", Kinds.PORT, "routers", Kinds.ROUTER, "security-groups", Kinds.SECURITY_GROUP,
            "floatingips", Kinds.FLOATING_IP, "subnetpools", NeutronSubnetPools.KIND);
    private final Neutron neutron;

    NeutronTags(Neutron neutron) {
        this.neutron = neutron;
    }

    void register(Neutron.Routes routes) {
        TAGGABLE.forEach((collection, kind) -> {
            String base = "/" + collection + "/{id}/tags";
            routes.add("GET", base, r -> tagsAnswer(200, neutron.get(r, kind, r.param("id"))));
            routes.add("PUT", base, r -> replaceTags(r, kind));
            routes.add("DELETE", base, r -> {
                Res res = neutron.owned(r, kind, "delete_" + kind + "_tags");
                res.body.putArray("tags");
                neutron.touch(res);
                return SimResponse.noContent();
            });
            routes.add("GET", base + "/{tag}", r -> {
                Res res = neutron.get(r, kind, r.param("id"));
                String tag = decode(r.param("tag"));
                if (!tagsOf(res).contains(tag)) {
                    throw tagNotFound(tag, kind, res.id);
                }
                return SimResponse.noContent();
            });
            routes.add("PUT", base + "/{tag}", r -> {
                Res res = neutron.owned(r, kind, "update_" + kind + "_tags");
                String tag = validTag(decode(r.param("tag")));
                Set<String> tags = tagsOf(res);
                if (tags.add(tag)) {
                    setTags(res, tags);
                }
                return SimResponse.status(201, null);
            });
            routes.add("DELETE", base + "/{tag}", r -> {
                Res res = neutron.owned(r, kind, "delete_" + kind + "_tags");
                String tag = decode(r.param("tag"));
                Set<String> tags = tagsOf(res);
                if (!tags.remove(tag)) {
                    throw tagNotFound(tag, kind, res.id);
                }
                setTags(res, tags);
                return SimResponse.noContent();
            });
        });

    }


    private SimResponse replaceTags(SimRequest r, String kind) {
        Res res = neutron.owned(r, kind, "update_" + kind + "_tags");
        JsonNode tags = r.body() == null ? null : r.body().get("tags");
        if (tags == null || !tags.isArray()) {
            throw invalid("Invalid input for operation: 'tags' must be a list.");
        }
        Set<String> set = new LinkedHashSet<>();
        tags.forEach(t -> set.add(validTag(t.asString(""))));
        setTags(res, set);
        return tagsAnswer(200, res);
    }

    private static SimResponse tagsAnswer(int status, Res res) {
        ObjectNode out = Json.object();
        out.set("tags", res.body.path("tags").isArray() ? res.body.get("tags").deepCopy() : Json.array());
        return SimResponse.status(status, out);
    }

    private static Set<String> tagsOf(Res res) {
        Set<String> tags = new LinkedHashSet<>();
        res.body.path("tags").forEach(t -> tags.add(t.asString("")));
        return tags;
    }

    private void setTags(Res res, Collection<String> tags) {
        ArrayNode list = res.body.putArray("tags");
        tags.forEach(list::add);
        neutron.touch(res);
    }

    private static String validTag(String tag) {
        if (tag.isEmpty() || tag.length() > 255 || tag.contains(",")) {
            throw invalid("Invalid input for operation: '" + tag + "' is not a valid tag (1 to 255 characters, no comma).");
        }
        return tag;
    }

    private static ServiceError tagNotFound(String tag, String kind, String id) {
        return ServiceError.neutron(404, "TagNotFound", "Tag " + tag + " could not be found for " + kind + " " + id + ".");
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
