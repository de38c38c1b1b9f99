package org.stackport.cluster;

import java.time.Instant;
import java.util.List;

/** A row of the cluster list. */
public record ClusterSummary(String name, String status, String statusDetail, String profile, String profileVersion,
                             String cloudAccount, int nodes, List<String> tags, Instant createdAt, int progress) {
}
