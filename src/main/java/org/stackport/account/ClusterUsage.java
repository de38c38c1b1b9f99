package org.stackport.account;

import java.util.List;

/**
 * Which clusters (not {@code Deleted}) use some cloud accounts: implemented by the cluster module, asked before
 * an account or a gateway goes away.
 */
public interface ClusterUsage {

    /** Names of the clusters using any of the accounts, as "project/cluster", sorted. */
    List<String> clustersUsing(long tenantId, List<String> accountNames);
}
