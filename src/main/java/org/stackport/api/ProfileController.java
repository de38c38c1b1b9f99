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
import org.stackport.profile.ProfileVersionInfo;
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
    @Operation(summary = "The built-in pack catalog", description = """
            One entry per pack: `layer` (os, k8s, cni, csi or addon), `name` (what a profile's pack names), \
            `displayName`, `versions` (oldest first) and `defaultValues`, an object from each version to the YAML text \
            a profile starts from for that version, e.g. `{"1.31.4": "kubernetesVersion: \\"1.31.4\\"\\npodCidr: ..."}`. \
            The os values name the Glance image, the k8s values the Kubernetes version and the pod and service ranges, \
            the cni values the manifest's settings, the csi values the Cinder storage class.""")
    List<Pack> packs() {
        return profiles.packs();
    }

    @GetMapping("/cluster-profiles")
    @Operation(summary = "The tenant's profiles, each at its latest version, with `layers` in one line")
    List<ProfileSummary> list() {
        return profiles.list();
    }

    @PostMapping("/cluster-profiles")
    @Operation(summary = "Create a profile", description = """
            One pack for each of os, k8s, cni and csi, any add-ons of distinct names; each pack's name and version from \
            GET /packs. `values` is YAML that must parse; the keys provisioning reads are checked (e.g. podCidr and \
            serviceCidr are IPv4 CIDRs that do not overlap) and a problem is a 422 on `packs[i].values` naming the key \
            and line. `version` defaults to 1.0.0. Tenant admins and project admins only.""")
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
    @Operation(summary = "A new version of the profile", description = """
            Checked like a new profile. `version` must be new; left out, it is the highest version with its last \
            number raised. Earlier versions never change and stay readable.""")
    ProfileView update(@PathVariable String name, @RequestBody ProfileCommand body) {
        return profiles.update(name, body);
    }

    @GetMapping("/cluster-profiles/{name}/versions")
    @Operation(summary = "Every version of the profile, newest first")
    List<ProfileVersionInfo> versions(@PathVariable String name) {
        return profiles.versions(name);
    }

    @GetMapping("/cluster-profiles/{name}/versions/{version}")
    @Operation(summary = "One version of the profile, as it was made")
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
