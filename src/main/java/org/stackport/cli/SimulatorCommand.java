package org.stackport.cli;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import org.springframework.boot.convert.DurationStyle;
import java.util.concurrent.CountDownLatch;
import org.stackport.simulator.OpenStackSimulator;
import org.stackport.simulator.SimulatorSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs only the embedded OpenStack, for pointing other tools at it. */
@Command(name = "simulator", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Runs only the embedded OpenStack simulator (Keystone, Nova, Neutron, Octavia, Cinder, Glance) on loopback.")
class SimulatorCommand implements Runnable {

    @Option(names = "--port", defaultValue = "5000", description = "Port on 127.0.0.1 (0 picks a free one). Default: ${DEFAULT-VALUE}")
    int port;

    @Option(names = "--load-balancer-create", paramLabel = "<duration>",
            description = "Octavia PENDING_CREATE -> ACTIVE, e.g. 1s or 500ms. Default: the demo duration")
    String loadBalancerCreate;

    @Option(names = "--load-balancer-update", paramLabel = "<duration>",
            description = "Octavia PENDING_UPDATE -> ACTIVE after a change of a listener, pool, member or monitor. Default: the demo duration")
    String loadBalancerUpdate;

    @Option(names = "--load-balancer-delete", paramLabel = "<duration>",
            description = "Octavia PENDING_DELETE -> gone. Default: the demo duration")
    String loadBalancerDelete;

    @Override
    public void run() {
        OpenStackSimulator simulator;
        try {
            simulator = OpenStackSimulator.start(port, settings(), Clock.systemUTC());
        } catch (UncheckedIOException e) {
            // most likely another simulator or console is still running: not a bug, something the user can change
            throw new CommandFailure(ExitCode.LOCAL, "The OpenStack simulator cannot listen on 127.0.0.1:" + port + " ("
                    + CommandFailure.reason(e.getCause()) + "); stop what uses that port or choose another with --port.");
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        System.out.println("OpenStack simulator on " + simulator.baseUrl());
        System.out.println("  Keystone v3: " + simulator.identityEndpoint() + "  (user demo / demo, project dev, domain Default, region RegionOne)");
        System.out.println("  admin endpoints: " + simulator.baseUrl() + "/_sim/inventory, /_sim/journal, /_sim/faults");
        System.out.println("Press Ctrl-C to stop.");
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The demo durations, with the load-balancer transitions asked for (a measurement's shorter, still asynchronous ones). */
    private SimulatorSettings settings() {
        SimulatorSettings d = SimulatorSettings.demo();
        return new SimulatorSettings(d.tokenTtl(), d.serverBuild(), d.volumeCreate(),
                duration("--load-balancer-create", loadBalancerCreate, d.loadBalancerCreate()),
                duration("--load-balancer-update", loadBalancerUpdate, d.loadBalancerUpdate()),
                duration("--load-balancer-delete", loadBalancerDelete, d.loadBalancerDelete()),
                d.volumeDelete(), d.serverDelete(), d.serverAction(), d.floatingIpActivate());
    }

    private static Duration duration(String option, String value, Duration fallback) {
        if (value == null) {
            return fallback;
        }
        Duration parsed;
        try {
            parsed = DurationStyle.detectAndParse(value);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(ExitCode.USAGE, option + " takes a duration such as 1s or 500ms, not '" + value + "'.");
        }
        if (parsed.isNegative() || parsed.isZero()) {
            throw new CommandFailure(ExitCode.USAGE, option + " must be longer than zero (transitions stay asynchronous).");
        }
        return parsed;
    }
}
