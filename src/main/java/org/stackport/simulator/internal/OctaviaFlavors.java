package org.stackport.simulator.internal;

import static org.stackport.simulator.internal.OctaviaInput.*;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What an Octavia operator offers: providers and their capabilities, flavor profiles and flavors, availability-zone
 * profiles and availability zones. Profiles are the operator's own (admin only); flavors and zones are listed to
 * every user and changed by admins. A profile's data is a JSON string for its provider; a profile in use by a flavor
 * or zone, and a flavor or zone in use by a load balancer, cannot be deleted. Part of {@link Octavia}; callers hold
 * the world's lock.
 */
final class OctaviaFlavors {

    static final String FLAVOR_PROFILE = "lb_flavorprofile";
    static final String FLAVOR = "lb_flavor";
    static final String ZONE_PROFILE = "lb_availability_zone_profile";
    static final String ZONE = "lb_availability_zone";

    /** The one provider the simulator runs, with Octavia's own description of it. */
    static final Map<String, String> PROVIDERS = Map.of("amphora", "The Octavia Amphora driver.");
    private static final Map<String, String> FLAVOR_CAPABILITIES = ordered(
            "loadbalancer_topology", "The load balancer topology. One of: SINGLE - One amphora per load balancer. "
                    + "ACTIVE_STANDBY - Two amphora per load balancer.",
            "compute_flavor", "The compute driver flavor ID.",
            "amp_image_tag", "The amphora image tag.");
    private static final Map<String, String> ZONE_CAPABILITIES = ordered(
            "compute_zone", "The compute availability zone.",
            "management_network", "The management network ID for the amphora.",
            "valid_vip_networks", "List of network IDs that are allowed for VIP use. This overrides/replaces the list "
                    + "of allowed networks configured in `octavia.conf`.");

    private final Octavia octavia;
    private final World world;

    OctaviaFlavors(Octavia octavia) {
        this.octavia = octavia;
        this.world = octavia.world;
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    void register(Router router, String p) {
        octavia.route(router, "GET", p + "/providers", r -> pairs(r, "providers", PROVIDERS));
        octavia.route(router, "GET", p + "/providers/{provider}/flavor_capabilities", r ->
                pairs(r, "flavor_capabilities", capabilities(r, FLAVOR_CAPABILITIES)));
        octavia.route(router, "GET", p + "/providers/{provider}/availability_zone_capabilities", r ->
                pairs(r, "availability_zone_capabilities", capabilities(r, ZONE_CAPABILITIES)));

        octavia.route(router, "GET", p + "/flavorprofiles", r -> octavia.views.catalog(admin(r), FLAVOR_PROFILE, "flavorprofiles", "flavorprofile_links"));
        octavia.route(router, "POST", p + "/flavorprofiles", r -> created("flavorprofile", createProfile(admin(r), FLAVOR_PROFILE, "flavorprofile", "flavor_data")));
        octavia.route(router, "GET", p + "/flavorprofiles/{id}", r -> one("flavorprofile", find(admin(r), FLAVOR_PROFILE)));
        octavia.route(router, "PUT", p + "/flavorprofiles/{id}", r -> one("flavorprofile", updateProfile(admin(r), FLAVOR_PROFILE, "flavorprofile", "flavor_data", FLAVOR)));
        octavia.route(router, "DELETE", p + "/flavorprofiles/{id}", r -> deleteProfile(admin(r), FLAVOR_PROFILE, FLAVOR));

        octavia.route(router, "GET", p + "/flavors", r -> octavia.views.catalog(r, FLAVOR, "flavors", "flavors_links"));
        octavia.route(router, "POST", p + "/flavors", r -> created("flavor", createOffer(admin(r), FLAVOR, "flavor", FLAVOR_PROFILE)));
        octavia.route(router, "GET", p + "/flavors/{id}", r -> one("flavor", find(r, FLAVOR)));
        octavia.route(router, "PUT", p + "/flavors/{id}", r -> one("flavor", updateOffer(admin(r), FLAVOR, "flavor")));
        octavia.route(router, "DELETE", p + "/flavors/{id}", r -> deleteOffer(admin(r), FLAVOR, "flavor_id"));

        octavia.route(router, "GET", p + "/availabilityzoneprofiles", r -> octavia.views.catalog(admin(r), ZONE_PROFILE,
                "availability_zone_profiles", "availability_zone_profile_links"));
        octavia.route(router, "POST", p + "/availabilityzoneprofiles", r -> created("availability_zone_profile",
                createProfile(admin(r), ZONE_PROFILE, "availability_zone_profile", "availability_zone_data")));
        octavia.route(router, "GET", p + "/availabilityzoneprofiles/{id}", r -> one("availability_zone_profile", find(admin(r), ZONE_PROFILE)));
        octavia.route(router, "PUT", p + "/availabilityzoneprofiles/{id}", r -> one("availability_zone_profile",
                updateProfile(admin(r), ZONE_PROFILE, "availability_zone_profile", "availability_zone_data", ZONE)));
        octavia.route(router, "DELETE", p + "/availabilityzoneprofiles/{id}", r -> deleteProfile(admin(r), ZONE_PROFILE, ZONE));

        octavia.route(router, "GET", p + "/availabilityzones", r -> octavia.views.catalog(r, ZONE, "availability_zones", "availability_zones_links"));
        octavia.route(router, "POST", p + "/availabilityzones", r -> created("availability_zone",
                createOffer(admin(r), ZONE, "availability_zone", ZONE_PROFILE)));
        octavia.route(router, "GET", p + "/availabilityzones/{id}", r -> one("availability_zone", find(r, ZONE)));
        octavia.route(router, "PUT", p + "/availabilityzones/{id}", r -> one("availability_zone", updateOffer(admin(r), ZONE, "availability_zone")));
        octavia.route(router, "DELETE", p + "/availabilityzones/{id}", r -> deleteOffer(admin(r), ZONE, "availability_zone"));
    }

    /** Profiles and every change are the operator's: Octavia's default policy allows them to admins only. */
    private static SimRequest admin(SimRequest r) {
        if (!r.token().admin()) {
            throw forbidden();
        }
        return r;
    }

    private static String requireProvider(String provider) {
        if (!PROVIDERS.containsKey(provider)) {
            throw ServiceError.octavia(400, "Client", "Provider '" + provider + "' is not enabled.");
        }
        return provider;
    }

    private static Map<String, String> capabilities(SimRequest r, Map<String, String> all) {
        admin(r);
        requireProvider(r.param("provider"));
        return all;
    }

    private static SimResponse pairs(SimRequest r, String root, Map<String, String> entries) {
        ArrayNode list = Json.array();
        entries.forEach((name, description) -> {
            ObjectNode item = Json.object().put("name", name).put("description", description);
            if (Neutron.matchesQuery(item, r.query())) {
                list.add(Neutron.project(item, r.queryAll("fields")));
            }
        });
        ObjectNode out = Json.object();
        out.set(root, list);
        return SimResponse.ok(out);
    }

    // ---- profiles (flavor profiles, availability-zone profiles)

    private Res createProfile(SimRequest r, String kind, String root, String dataField) {
        JsonNode b = body(r, root);
        String name = required(b, "name");
        String provider = requireProvider(required(b, "provider_name"));
        String data = required(b, dataField);
        checkData(data, dataField);
        ObjectNode body = Json.object().put("name", name).put("provider_name", provider).put(dataField, data);
        return world.add(kind, null, body);
    }

    private Res updateProfile(SimRequest r, String kind, String root, String dataField, String users) {
        Res profile = find(r, kind);
        JsonNode b = body(r, root);
        for (String field : new String[] {"name", "provider_name", dataField}) {
            if (b.has(field) && b.get(field).isNull()) {
                throw invalidOption("None", field);
            }
        }
        if ((b.has(dataField) || b.has("provider_name")) && inUse(users, profileField(kind), profile.id)) {
            throw conflict(label(kind) + " " + profile.id + " is in use and cannot be modified.");
        }
        if (b.has("provider_name")) {
            requireProvider(Json.text(b, "provider_name"));
        }
        if (b.has(dataField)) {
            checkData(Json.text(b, dataField), dataField);
        }
        copy(b, profile.body, "name", "provider_name", dataField);
        return profile;
    }

    private SimResponse deleteProfile(SimRequest r, String kind, String users) {
        Res profile = find(r, kind);
        if (inUse(users, profileField(kind), profile.id)) {
            throw conflict(label(kind) + " " + profile.id + " is in use and cannot be modified.");
        }
        world.remove(kind, profile.id);
        return SimResponse.noContent();
    }

    /** A profile's data must be JSON (Octavia's basic check before the provider's own). */
    private static void checkData(String data, String field) {
        try {
            if (!Json.parse(data.getBytes(java.nio.charset.StandardCharsets.UTF_8)).isObject()) {
                throw invalidOption(data, field);
            }
        } catch (RuntimeException e) {
            if (e instanceof ServiceError se) {
                throw se;
            }
            throw invalidOption(data, field);
        }
    }

    // ---- offers (flavors, availability zones)

    private Res createOffer(SimRequest r, String kind, String root, String profileKind) {
        JsonNode b = body(r, root);
        String name = required(b, "name");
        String profileField = profileField(profileKind);
        String profileId = required(b, profileField);
        if (world.get(profileKind, profileId).isEmpty()) {
            throw invalidOption(profileId, profileField);
        }
        boolean zone = kind.equals(ZONE);
        if (world.all(kind).anyMatch(o -> o.name().equals(name))) {
            throw conflict("A " + (zone ? "availability_zone" : "flavor") + " of " + name + " already exists.");
        }
        ObjectNode body = Json.object();
        if (zone) {
            // an availability zone is known by its name
            body.put("id", name);
        }
        body.put("name", name).put("description", b.path("description").asString(""))
                .put("enabled", b.path("enabled").asBoolean(true)).put(profileField, profileId);
        return world.add(kind, null, body);
    }

    private Res updateOffer(SimRequest r, String kind, String root) {
        Res offer = find(r, kind);
        JsonNode b = body(r, root);
        copy(b, offer.body, kind.equals(ZONE) ? new String[] {"description", "enabled"} : new String[] {"name", "description", "enabled"});
        return offer;
    }

    private SimResponse deleteOffer(SimRequest r, String kind, String lbField) {
        Res offer = find(r, kind);
        boolean used = world.all(Kinds.LOADBALANCER).anyMatch(lb -> offer.id.equals(Json.text(lb.body, lbField)));
        if (used) {
            throw conflict(label(kind) + " " + offer.id + " is in use and cannot be modified.");
        }
        world.remove(kind, offer.id);
        return SimResponse.noContent();
    }

    private boolean inUse(String users, String field, String profileId) {
        return world.all(users).anyMatch(u -> profileId.equals(Json.text(u.body, field)));
    }

    private static String profileField(String profileKind) {
        return profileKind.equals(FLAVOR_PROFILE) ? "flavor_profile_id" : "availability_zone_profile_id";
    }

    private static String label(String kind) {
        return switch (kind) {
            case FLAVOR_PROFILE -> "Flavor profile";
            case FLAVOR -> "Flavor";
            case ZONE_PROFILE -> "Availability zone profile";
            default -> "Availability Zone";
        };
    }

    private Res find(SimRequest r, String kind) {
        String id = r.param("id");
        return world.get(kind, id).orElseThrow(() -> ServiceError.octavia(404, "Client", label(kind) + " " + id + " not found."));
    }

    private SimResponse one(String root, Res res) {
        ObjectNode out = Json.object();
        out.set(root, view(res));
        return SimResponse.ok(out);
    }

    private SimResponse created(String root, Res res) {
        ObjectNode out = Json.object();
        out.set(root, view(res));
        return SimResponse.created(out);
    }

    /** An availability zone has no id of its own: it is known by its name. */
    static ObjectNode view(Res res) {
        ObjectNode v = res.body.deepCopy();
        if (res.kind.equals(ZONE)) {
            v.remove("id");
        }
        return v;
    }
}
