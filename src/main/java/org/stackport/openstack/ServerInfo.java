package org.stackport.openstack;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A Nova server as read back. {@code status} is Nova's word (BUILD, ACTIVE, ERROR, ...); {@code imageId} is
 * null for a server that boots from a volume; {@code addresses} maps network names to the server's IPs;
 * {@code faultMessage} says why a server is in ERROR (e.g. "No valid host was found.").
 */
public record ServerInfo(String id, String name, String status, String flavorId, String imageId, String keyName,
                         String availabilityZone, Map<String, List<String>> addresses, List<String> securityGroups,
                         List<String> volumeIds, Map<String, String> metadata, String faultMessage, Instant createdAt) {

    public ServerInfo {
        addresses = addresses == null ? Map.of() : Map.copyOf(addresses);
        securityGroups = securityGroups == null ? List.of() : List.copyOf(securityGroups);
        volumeIds = volumeIds == null ? List.of() : List.copyOf(volumeIds);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    public boolean active() {
        return "ACTIVE".equals(status);
    }

    public boolean building() {
        return "BUILD".equals(status);
    }

    public boolean failed() {
        return "ERROR".equals(status);
    }

    /** Every IP of the server, network by network. */
    public List<String> ips() {
        return addresses.values().stream().flatMap(List::stream).toList();
    }
}
