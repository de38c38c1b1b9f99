package org.stackport.account;

import java.util.List;
import java.util.Optional;

/** What the account can see in its cloud, read live (and cached briefly) for the wizards' drop-downs. */
public record Inventory(List<String> domains, List<String> regions, List<String> projects, List<Network> networks,
                        List<Subnet> subnets, List<Flavor> flavors, List<String> availabilityZones, List<String> keypairs,
                        List<Image> images) {

    public record Network(String id, String name, boolean external) {
    }

    public record Subnet(String id, String name, String networkId, String cidr, long freeAddresses) {

        /** How a drop-down shows it: name, CIDR and free addresses. */
        public String label() {
            return name + " (" + cidr + ", " + freeAddresses + " free)";
        }
    }

    /** The network with this name or id. */
    public Optional<Network> network(String nameOrId) {
        return nameOrId == null ? Optional.empty()
                : networks.stream().filter(n -> n.name().equals(nameOrId) || n.id().equals(nameOrId)).findFirst();
    }

    /** The subnets of the network with this name or id (none if there is no such network). */
    public List<Subnet> subnetsOf(String networkNameOrId) {
        return network(networkNameOrId).map(n -> subnets.stream().filter(s -> s.networkId().equals(n.id())).toList())
                .orElse(List.of());
    }

    /** The subnet with this name or id in the network with this name or id. */
    public Optional<Subnet> subnet(String networkNameOrId, String subnetNameOrId) {
        return subnetsOf(networkNameOrId).stream()
                .filter(s -> s.name().equals(subnetNameOrId) || s.id().equals(subnetNameOrId)).findFirst();
    }

    public record Flavor(String id, String name, int vcpus, int ramMiB, int diskGiB) {
    }

    public record Image(String id, String name, long minDiskGiB) {
    }
}
