package org.stackport.openstack;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A server to create. Start from {@link #of(String, String, String)} and add what is needed:
 * <ul>
 *   <li>{@code networkIds} (Nova makes a port on each) and/or {@code portIds} (ports made beforehand);</li>
 *   <li>{@code bootVolumeGiB}: boot from a new volume of that size made from the image, deleted with the
 *       server (the adapter always sends delete_on_termination=true, so nothing is left behind);</li>
 *   <li>{@code userData}: plain text, the adapter base64-encodes it;</li>
 *   <li>{@code metadata}: Nova 2.1 without a microversion has no server tags, so labels go here.</li>
 * </ul>
 */
public record ServerSpec(String name, String flavorId, String imageId, String keyName, List<String> networkIds,
                         List<String> portIds, List<String> securityGroups, String availabilityZone,
                         String serverGroupId, Integer bootVolumeGiB, String userData, Map<String, String> metadata) {

    public ServerSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a server needs a name");
        }
        if (flavorId == null || flavorId.isBlank()) {
            throw new IllegalArgumentException("a server needs a flavor");
        }
        if (imageId == null || imageId.isBlank()) {
            throw new IllegalArgumentException("a server needs an image");
        }
        if (bootVolumeGiB != null && bootVolumeGiB < 1) {
            throw new IllegalArgumentException("a boot volume needs at least 1 GiB");
        }
        networkIds = networkIds == null ? List.of() : List.copyOf(networkIds);
        portIds = portIds == null ? List.of() : List.copyOf(portIds);
        securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public static ServerSpec of(String name, String flavorId, String imageId) {
        return new ServerSpec(name, flavorId, imageId, null, null, null, null, null, null, null, null, null);
    }

    public ServerSpec withKeyName(String keyName) {
        return new ServerSpec(name, flavorId, imageId, keyName, networkIds, portIds, securityGroups, availabilityZone,
                serverGroupId, bootVolumeGiB, userData, metadata);
    }

    public ServerSpec withNetworks(String... networkIds) {
        return new ServerSpec(name, flavorId, imageId, keyName, List.of(networkIds), portIds, securityGroups,
                availabilityZone, serverGroupId, bootVolumeGiB, userData, metadata);
    }

    public ServerSpec withPorts(String... portIds) {
        return new ServerSpec(name, flavorId, imageId, keyName, networkIds, List.of(portIds), securityGroups,
                availabilityZone, serverGroupId, bootVolumeGiB, userData, metadata);
    }

    public ServerSpec withSecurityGroups(String... securityGroups) {
        return new ServerSpec(name, flavorId, imageId, keyName, networkIds, portIds, List.of(securityGroups),
                availabilityZone, serverGroupId, bootVolumeGiB, userData, metadata);
    }

    public ServerSpec withAvailabilityZone(String availabilityZone) {
        return new ServerSpec(name, flavorId, imageId, keyName, networkIds, portIds, securityGroups, availabilityZone,
                serverGroupId, bootVolumeGiB, userData, metadata);
    }

    public ServerSpec withServerGroup(String serverGroupId) {
        return new ServerSpec(name, flavorId, imageId, keyName, networkIds, portIds, securityGroups, availabilityZone,
                serverGroupId, bootVolumeGiB, userData, metadata);
    }

    public ServerSpec withBootVolume(int gib) {
        return new ServerSpec(name, flavorId, imageId, keyName, networkIds, portIds, securityGroups, availabilityZone,
                serverGroupId, gib, userData, metadata);
    }

    public ServerSpec withUserData(String plainText) {
        return new ServerSpec(name, flavorId, imageId, keyName, networkIds, portIds, securityGroups, availabilityZone,
                serverGroupId, bootVolumeGiB, plainText, metadata);
    }

    public ServerSpec withMetadata(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(metadata);
        more.put(key, value);
        return new ServerSpec(name, flavorId, imageId, keyName, networkIds, portIds, securityGroups, availabilityZone,
                serverGroupId, bootVolumeGiB, userData, more);
    }

    @Override
    public String toString() {
        // user data may carry join tokens: keep it out of logs
        return "ServerSpec[name=" + name + ", flavorId=" + flavorId + ", imageId=" + imageId + ", keyName=" + keyName
                + ", networkIds=" + networkIds + ", portIds=" + portIds + ", securityGroups=" + securityGroups
                + ", availabilityZone=" + availabilityZone + ", serverGroupId=" + serverGroupId
                + ", bootVolumeGiB=" + bootVolumeGiB + ", userData=" + (userData == null ? "none" : userData.length() + " chars")
                + ", metadata=" + metadata + "]";
    }
}
