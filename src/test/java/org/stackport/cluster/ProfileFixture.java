package org.stackport.cluster;

import java.util.List;
import org.springframework.stereotype.Component;
import org.stackport.profile.ClusterProfileService;
import org.stackport.profile.Pack;
import org.stackport.profile.ProfileCommand;
import org.stackport.profile.ProfilePack;
import org.stackport.shared.NotFoundException;
import org.stackport.support.RunAs;
import org.stackport.support.Api;
import tools.jackson.databind.json.JsonMapper;

/** A cluster profile made of the catalog's first pack of each core layer with its defaults (Ubuntu 22.04, ...). */
@Component
public class ProfileFixture {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final ClusterProfileService profiles;

    ProfileFixture(ClusterProfileService profiles) {
        this.profiles = profiles;
    }

    public void ensure(String name) {
        RunAs.admin(() -> {
            try {
                profiles.get(name, null);
            } catch (NotFoundException e) {
                profiles.create(command(profiles.packs(), name));
            }
        });
    }

    public static ProfileCommand command(List<Pack> catalog, String name) {
        List<ProfilePack> packs = List.of("os", "k8s", "cni", "csi").stream().map(layer -> {
            Pack p = catalog.stream().filter(x -> x.layer().equals(layer)).findFirst().orElseThrow();
            String version = p.versions().getFirst();
            return new ProfilePack(layer, p.name(), version, p.defaultValues().get(version));
        }).toList();
        return new ProfileCommand(name, null, "made by the tests", "openstack", "infrastructure", packs);
    }

    /** The REST body of such a profile, built from {@code GET /packs}. */
    public static String body(Api api, String key, String name) {
        List<Pack> catalog = List.of(JSON.readValue(api.get("/api/v1/packs", key).body(), Pack[].class));
        return JSON.writeValueAsString(command(catalog, name));
    }
}
