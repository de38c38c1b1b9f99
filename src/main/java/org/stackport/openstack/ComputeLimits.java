package org.stackport.openstack;

/**
 * What Nova's {@code /limits} says a project has used and may use; a maximum of -1 means unlimited.
 */
public record ComputeLimits(int instancesUsed, int instancesMax, int coresUsed, int coresMax, int ramUsedMiB,
                            int ramMaxMiB, int keypairsMax, int serverGroupsMax, int serverGroupMembersMax) {

    /** True when {@code servers} more servers of this size fit in the quota (to refuse early, before creating anything). */
    public boolean fits(int servers, int vcpus, int ramMiB) {
        return within(instancesUsed, instancesMax, servers) && within(coresUsed, coresMax, servers * vcpus)
                && within(ramUsedMiB, ramMaxMiB, servers * ramMiB);
    }

    private static boolean within(int used, int max, int more) {
        return max < 0 || used + more <= max;
    }
}
