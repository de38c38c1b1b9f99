package org.stackport.simulator.internal;

/** Cinder (routes to be built). */
public final class Cinder implements SimService {

    private final World world;

    public Cinder(World world) {
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
