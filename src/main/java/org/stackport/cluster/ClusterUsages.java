package org.stackport.cluster;

import java.util.List;
import org.springframework.stereotype.Component;
import org.stackport.account.ClusterUsage;
import org.stackport.cluster.internal.ClusterRepository;
import org.stackport.profile.ProfileUsage;

/** Answers the account, gateway and profile modules which clusters still use what they are about to delete. */
@Component
class ClusterUsages implements ClusterUsage, ProfileUsage {

    private final ClusterRepository clusters;

    ClusterUsages(ClusterRepository clusters) {
        this.clusters = clusters;
    }

    @Override
    public List<String> clustersUsing(long tenantId, List<String> accountNames) {
        return accountNames.isEmpty() ? List.of() : clusters.usingAccounts(tenantId, accountNames);
    }

    @Override
    public List<String> clustersUsing(long tenantId, String profileName) {
        return clusters.usingProfile(tenantId, profileName);
    }
}
