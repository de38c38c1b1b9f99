package org.stackport.cluster;

import java.util.List;

/**
 * The review of a cluster request before it is deployed: the resources provisioning will create and the
 * preflight checks; {@code ready} when every check passes.
 */
public record ClusterReview(String profileVersion, List<PlannedResource> plan, List<PreflightCheck> checks, boolean ready) {

    public static ClusterReview of(String profileVersion, List<PlannedResource> plan, List<PreflightCheck> checks) {
        return new ClusterReview(profileVersion, plan, checks, checks.stream().allMatch(PreflightCheck::ok));
    }

    public List<PreflightCheck> failures() {
        return checks.stream().filter(c -> !c.ok()).toList();
    }
}
