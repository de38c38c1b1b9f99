package org.stackport.profile;

import java.util.List;

/**
 * A profile version as a cluster gets it: its packs with their values after the cluster's overrides, and the facts
 * provisioning and the checks need from them.
 */
public record ResolvedProfile(String name, String version, List<ResolvedPack> packs, String kubernetesVersion,
                              String podCidr, String serviceCidr, String osImage, String cni) {

    public record ResolvedPack(String layer, String name, String version, String values) {
    }
}
