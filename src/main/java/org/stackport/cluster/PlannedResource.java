package org.stackport.cluster;

/** One OpenStack resource provisioning will create for a cluster, by the name it will carry. */
public record PlannedResource(String kind, String name, String detail) {
}
