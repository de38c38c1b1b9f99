package org.stackport.profile;

import java.util.List;

/** Which clusters (not Deleted) are built from a profile; implemented by the cluster module. */
public interface ProfileUsage {

    /** "project/cluster" names, sorted. */
    List<String> clustersUsing(long tenantId, String profileName);
}
