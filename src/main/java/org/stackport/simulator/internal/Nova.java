package org.stackport.simulator.internal;

/** Nova (routes to be built). */
public final class Nova implements SimService {

    public static final String SERVER = "server";

    private final World world;

    public Nova(World world) {
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
