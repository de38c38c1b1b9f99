package org.stackport.cluster;

import java.util.List;

/** One page of a project's clusters and how many match the filters in all. */
public record ClusterPage(List<ClusterSummary> items, long total) {
}
