package org.stackport.cli;

import java.util.ArrayList;
import java.util.List;
import org.stackport.StackportApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "server", description = "Starts the console, the REST API and the background jobs (the default).")
class ServerCommand implements Runnable {

    @Parameters(arity = "0..*", paramLabel = "--property=value", description = "Spring properties, e.g. --server.port=9090")
    List<String> properties = new ArrayList<>();

    @Override
    public void run() {
        StackportApplication.startServer(properties.toArray(String[]::new));
    }
}
