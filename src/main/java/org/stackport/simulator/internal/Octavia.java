package org.stackport.simulator.internal;

/** Octavia (routes to be built). */
public final class Octavia implements SimService {

    private final World world;

    public Octavia(World world) {
        this.world = world;
    }

    @Override
    public void register(Router router) {
        // routes are added with the service
    }

    @Override
    public String statusOf(Res res) {
        return null;
    }
}
