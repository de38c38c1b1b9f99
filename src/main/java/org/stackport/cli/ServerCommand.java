package org.stackport.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;
import picocli.CommandLine.ParentCommand;

@Command(name = "server", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class, description = {"Starts the console, the REST API and the background jobs (the default).",
        "Spring properties may follow, e.g. --server.port=9090 --stackport.data-dir=/var/lib/stackport"})
class ServerCommand implements Runnable {

    /** Spring properties such as {@code --server.port=9090}, passed on as they are. */
    @Unmatched
    List<String> properties = new ArrayList<>();

    @ParentCommand
    StackportCommand parent;

    @Override
    public void run() {
        parent.serverStarter.accept(properties.toArray(String[]::new));
    }
}
