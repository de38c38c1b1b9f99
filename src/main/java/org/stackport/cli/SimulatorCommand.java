package org.stackport.cli;

import java.io.UncheckedIOException;
import java.time.Clock;
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

    @Override
    public void run() {
        OpenStackSimulator simulator;
        try {
            simulator = OpenStackSimulator.start(port, SimulatorSettings.demo(), Clock.systemUTC());
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
}
