package org.stackport.simulator;

/** One live resource in the simulated cloud, as the inventory shows it. */
public record SimResource(String kind, String id, String name, String projectId, String status) {
}
