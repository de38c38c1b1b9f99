package org.stackport.openstack;

/** A Nova flavor: the size of a server. */
public record FlavorInfo(String id, String name, int vcpus, int ramMiB, int diskGiB) {
}
