package org.stackport.simulator.internal;

import java.util.List;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The version documents at the roots of Neutron, Glance, Cinder and Octavia, which clients read for version
 * discovery before any token exists (so they are unauthenticated, as the real services answer them): each with
 * its service's status code (Glance and Cinder answer 300 Multiple Choices) and shape, and links back to the URL
 * the client used.
 */
final class VersionDocuments {

    /** Cinder's microversion range: the simulator implements the base of v3 only. */
    static final String CINDER_MIN = "3.0";
    static final String CINDER_MAX = "3.0";

    /** Glance's v2 minor versions (without the image cache and multiple stores), newest first. */
    private static final List<String> GLANCE = List.of("2.15", "2.9", "2.7", "2.6", "2.5", "2.4", "2.3", "2.2", "2.1", "2.0");

    /** Octavia's v2 minor versions and the dates its root controller gives them, oldest first; the last is CURRENT. */
    private static final List<String[]> OCTAVIA = List.of(
            new String[] {"v2.0", "2016-12-11T00:00:00Z"}, new String[] {"v2.1", "2018-04-20T00:00:00Z"},
            new String[] {"v2.2", "2018-07-31T00:00:00Z"}, new String[] {"v2.3", "2018-12-18T00:00:00Z"},
            new String[] {"v2.4", "2018-12-19T00:00:00Z"}, new String[] {"v2.5", "2019-01-21T00:00:00Z"},
            new String[] {"v2.6", "2019-01-25T00:00:00Z"}, new String[] {"v2.7", "2018-01-25T12:00:00Z"},
            new String[] {"v2.8", "2019-02-12T00:00:00Z"}, new String[] {"v2.9", "2019-03-04T00:00:00Z"},
            new String[] {"v2.10", "2019-03-05T00:00:00Z"}, new String[] {"v2.11", "2019-06-24T00:00:00Z"},
            new String[] {"v2.12", "2019-09-11T00:00:00Z"}, new String[] {"v2.13", "2019-09-13T00:00:00Z"},
            new String[] {"v2.14", "2019-11-10T00:00:00Z"}, new String[] {"v2.15", "2020-03-10T00:00:00Z"},
            new String[] {"v2.16", "2020-03-15T00:00:00Z"}, new String[] {"v2.17", "2020-04-29T00:00:00Z"},
            new String[] {"v2.18", "2020-04-29T01:00:00Z"}, new String[] {"v2.19", "2020-05-12T00:00:00Z"},
            new String[] {"v2.20", "2020-08-02T00:00:00Z"}, new String[] {"v2.21", "2020-09-03T00:00:00Z"},
            new String[] {"v2.22", "2020-09-04T00:00:00Z"}, new String[] {"v2.23", "2020-09-07T00:00:00Z"},
            new String[] {"v2.24", "2020-10-15T00:00:00Z"}, new String[] {"v2.25", "2021-10-02T00:00:00Z"},
            new String[] {"v2.26", "2022-08-29T00:00:00Z"});

    private VersionDocuments() {
    }

    /** Neutron's {@code GET /}: its one version, 200. */
    static void neutron(Router router) {
        router.add("GET", "/network", false, r -> {
            ObjectNode body = Json.object();
            ObjectNode v = body.putArray("versions").addObject().put("id", "v2.0").put("status", "CURRENT");
            self(v.putArray("links"), Nova.base(r) + "/network/v2.0/");
            return SimResponse.ok(body);
        });
    }

    /** Glance's version negotiation: 300 at the root, the same list with 200 at {@code /versions}. */
    static void glance(Router router) {
        router.add("GET", "/image", false, r -> SimResponse.status(300, glanceVersions(r)));
        router.add("GET", "/image/versions", false, r -> SimResponse.ok(glanceVersions(r)));
    }

    private static ObjectNode glanceVersions(SimRequest r) {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("versions");
        for (String version : GLANCE) {
            ObjectNode v = list.addObject().put("id", "v" + version).put("status", version.equals(GLANCE.getFirst()) ? "CURRENT" : "SUPPORTED");
            self(v.putArray("links"), Nova.base(r) + "/image/v2/");
        }
        return body;
    }

    /**
     * Cinder: 300 with every version at the root; its v3 document with 200 at {@code /v3/}, which sits behind
     * Keystone's middleware like the rest of v3.
     */
    static void cinder(Router router) {
        router.add("GET", "/volume", false, r -> SimResponse.status(300, cinderVersions(r)));
        router.add("GET", "/volume/v3", r -> SimResponse.ok(cinderVersions(r)));
    }

    private static ObjectNode cinderVersions(SimRequest r) {
        ObjectNode body = Json.object();
        ObjectNode v = body.putArray("versions").addObject();
        v.put("id", "v3.0").put("status", "CURRENT").put("version", CINDER_MAX).put("min_version", CINDER_MIN)
                .put("updated", "2016-02-08T12:20:21Z");
        ArrayNode links = v.putArray("links");
        links.addObject().put("rel", "describedby").put("type", "text/html").put("href", "https://docs.openstack.org/");
        self(links, Nova.base(r) + "/volume/v3/");
        v.putArray("media-types").addObject().put("base", "application/json")
                .put("type", "application/vnd.openstack.volume+json;version=3");
        return body;
    }

    /** Octavia's root: every v2 minor version, all served at {@code /v2}, 200. */
    static void octavia(Router router) {
        router.add("GET", "/load-balancer", false, r -> {
            ObjectNode body = Json.object();
            ArrayNode list = body.putArray("versions");
            for (String[] version : OCTAVIA) {
                ObjectNode v = list.addObject().put("id", version[0])
                        .put("status", version == OCTAVIA.getLast() ? "CURRENT" : "SUPPORTED").put("updated", version[1]);
                v.putArray("links").addObject().put("href", Nova.base(r) + "/load-balancer/v2").put("rel", "self");
            }
            return SimResponse.ok(body);
        });
    }

    private static void self(ArrayNode links, String href) {
        links.addObject().put("rel", "self").put("href", href);
    }
}
