/**
 * Packs and cluster profiles. {@link org.stackport.profile.PackCatalog} holds the built-in packs (OS, Kubernetes,
 * CNI, CSI, add-ons) with their versions and default values; {@link org.stackport.profile.ClusterProfileService}
 * keeps the tenant's profiles, each an ordered stack of packs with YAML values in immutable versions, and resolves
 * a version with a cluster's overrides into a {@link org.stackport.profile.ResolvedProfile} for the cluster module.
 * Deletion asks every {@link org.stackport.profile.ProfileUsage} bean whether clusters still use a profile.
 */
package org.stackport.profile;
