package org.stackport.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.stackport.profile.ClusterProfileService;
import org.stackport.profile.Pack;
import org.stackport.profile.ProfileCommand;
import org.stackport.profile.ProfileSummary;
import org.stackport.profile.ProfileView;

@RestController
@RequestMapping("/api/v1")
@Tag(name = "Cluster profiles", description = "The pack catalog and the tenant's cluster profiles with their versions")
class ProfileController {

    private final ClusterProfileService profiles;

    ProfileController(ClusterProfileService profiles) {
        this.profiles = profiles;
    }

    @GetMapping("/packs")
    @Operation(summary = "The built-in pack catalog: layer, name, versions and the default values (YAML) of each version")
    List<Pack> packs() {
        return profiles.packs();
    }

    @GetMapping("/cluster-profiles")
    List<ProfileSummary> list() {
        return profiles.list();
    }

    @PostMapping("/cluster-profiles")
    @Operation(summary = "Create a profile: one pack per layer for os, k8s, cni, csi, any add-ons; values are YAML and must parse")
    ResponseEntity<ProfileView> create(@RequestBody ProfileCommand body) {
        ProfileView created = profiles.create(body);
        return ResponseEntity.created(URI.create("/api/v1/cluster-profiles/" + created.name())).body(created);
    }

    @GetMapping("/cluster-profiles/{name}")
    @Operation(summary = "The latest version, with the list of all versions")
    ProfileView get(@PathVariable String name) {
        return profiles.get(name, null);
    }

    @PutMapping("/cluster-profiles/{name}")
    @Operation(summary = "A new version of the profile (earlier versions never change)")
    ProfileView update(@PathVariable String name, @RequestBody ProfileCommand body) {
        return profiles.update(name, body);
    }

    @GetMapping("/cluster-profiles/{name}/versions/{version}")
    ProfileView version(@PathVariable String name, @PathVariable String version) {
        return profiles.get(name, version);
    }

    @DeleteMapping("/cluster-profiles/{name}")
    @Operation(summary = "Delete the profile and its versions; 409 while clusters use it")
    ResponseEntity<Void> delete(@PathVariable String name) {
        profiles.delete(name);
        return ResponseEntity.noContent().build();
    }
}
