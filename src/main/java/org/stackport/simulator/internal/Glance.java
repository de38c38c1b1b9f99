package org.stackport.simulator.internal;

/** Glance (routes to be built). */
public final class Glance implements SimService {

    private final World world;

    public Glance(World world) {
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
