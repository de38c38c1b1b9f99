package org.stackport.openstack;

import java.util.List;

/**
 * A Cinder volume. {@code status} is Cinder's own word (creating, available, in-use, error, ...);
 * {@code imageId} is the image it was made from, if any.
 */
public record VolumeInfo(String id, String name, String status, int sizeGiB, boolean bootable, String imageId,
                         String volumeType, String availabilityZone, List<String> attachedServerIds) {

    public VolumeInfo {
        attachedServerIds = attachedServerIds == null ? List.of() : List.copyOf(attachedServerIds);
    }

    public boolean available() {
        return "available".equals(status);
    }

    public boolean inUse() {
        return "in-use".equals(status);
    }
}
