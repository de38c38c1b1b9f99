package org.stackport.simulator.internal;

/** Neutron (routes to be built). */
public final class Neutron implements SimService {

    private final World world;

    public Neutron(World world) {
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
