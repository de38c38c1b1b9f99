package org.stackport.profile;

import java.util.List;
import java.util.Map;

/**
 * A pack of the built-in catalog: one layer of a cluster (os, k8s, cni, csi or addon), its versions, and for each
 * version the default values (YAML) that provisioning uses unless a profile or a cluster changes them.
 */
public record Pack(String layer, String name, String displayName, List<String> versions, Map<String, String> defaultValues) {
}
