package org.stackport.openstack;

import java.time.Instant;

/** A Glance image. {@code status} and {@code visibility} are Glance's own words in lower case (active, public, ...). */
public record ImageInfo(String id, String name, String status, String visibility, long minDiskGiB, long sizeBytes,
                        String diskFormat, Instant createdAt) {

    public boolean active() {
        return "active".equals(status);
    }
}
