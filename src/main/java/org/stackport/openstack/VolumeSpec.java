package org.stackport.openstack;

/**
 * A volume to create. {@code imageId} makes it bootable from that image; {@code volumeType} and
 * {@code availabilityZone} are optional (the cloud's defaults).
 */
public record VolumeSpec(String name, int sizeGiB, String imageId, String volumeType, String availabilityZone) {

    public VolumeSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a volume needs a name");
        }
        if (sizeGiB < 1) {
            throw new IllegalArgumentException("a volume needs a size of at least 1 GiB");
        }
    }

    public static VolumeSpec of(String name, int sizeGiB) {
        return new VolumeSpec(name, sizeGiB, null, null, null);
    }
}
