package org.stackport.account;

import java.util.List;

/** What the account can see in its cloud, read live (and cached briefly) for the wizards' drop-downs. */
public record Inventory(List<String> domains, List<String> regions, List<String> projects, List<Network> networks,
                        List<Subnet> subnets, List<Flavor> flavors, List<String> availabilityZones, List<String> keypairs,
                        List<Image> images) {

    public record Network(String id, String name, boolean external) {
    }

    public record Subnet(String id, String name, String networkId, String cidr, long freeAddresses) {
    }

    public record Flavor(String id, String name, int vcpus, int ramMiB, int diskGiB) {
    }

    public record Image(String id, String name, long minDiskGiB) {
    }
}
