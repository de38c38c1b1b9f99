package org.stackport.simulator;

/**
 * What a server did with its user data once ACTIVE: {@code kubeadm} is "init", "join", "join --control-plane" or
 * "none"; {@code state} is "running" (init done), "joined", "waiting" (join retrying discovery, as kubeadm does),
 * "failed" (with kubeadm's reason in {@code message}) or "none".
 */
public record SimMachine(String serverId, String serverName, String kubeadm, String state, String message) {
}
