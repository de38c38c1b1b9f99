package org.stackport.simulator.internal;

/** Resource kind names shared by the services (one store per kind in {@link World}). */
public final class Kinds {
    public static final String FLAVOR = "flavor";
    public static final String KEYPAIR = "keypair";
    public static final String SERVER = "server";
    public static final String SERVER_GROUP = "server_group";
    public static final String IMAGE = "image";
    public static final String VOLUME = "volume";
    public static final String NETWORK = "network";
    public static final String SUBNET = "subnet";
    public static final String PORT = "port";
    public static final String ROUTER = "router";
    public static final String SECURITY_GROUP = "security_group";
    public static final String SECURITY_GROUP_RULE = "security_group_rule";
    public static final String FLOATING_IP = "floatingip";
    public static final String LOADBALANCER = "loadbalancer";
    public static final String LISTENER = "listener";
    public static final String POOL = "pool";
    public static final String MEMBER = "member";
    public static final String HEALTH_MONITOR = "healthmonitor";

    private Kinds() {
    }
}
