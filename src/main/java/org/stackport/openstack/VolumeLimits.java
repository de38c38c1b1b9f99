package org.stackport.openstack;

/** What Cinder's {@code /limits} says a project has used and may use; a maximum of -1 means unlimited. */
public record VolumeLimits(int volumesUsed, int volumesMax, int gigabytesUsed, int gigabytesMax) {

    /** True when {@code volumes} more volumes of {@code gigabytesEach} fit in the quota. */
    public boolean fits(int volumes, int gigabytesEach) {
        return (volumesMax < 0 || volumesUsed + volumes <= volumesMax)
                && (gigabytesMax < 0 || gigabytesUsed + volumes * gigabytesEach <= gigabytesMax);
    }
}
