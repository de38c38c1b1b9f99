package org.stackport.cli;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command-line face of the jar. Subcommands are added here as features arrive
 * (e.g. {@code simulator}, {@code pcg install}).
 */
@Command(name = "stackport",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Runs Kubernetes clusters on your own OpenStack. With no command, starts the console.",
        subcommands = {ServerCommand.class, SimulatorCommand.class, PcgCommand.class, VersionCommand.class,
                CommandLine.HelpCommand.class})
public class StackportCommand implements Runnable {

    private static final Set<String> NON_SERVER_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Starts the server; handed in by the main class so that this package does not depend on it. */
    final Consumer<String[]> serverStarter;

    StackportCommand(Consumer<String[]> serverStarter) {
        this.serverStarter = serverStarter;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** No arguments, the {@code server} command, or nothing but Spring {@code --name=value} options. */
    public static boolean isServerInvocation(String[] args) {
        if (args.length == 0 || "server".equals(args[0])) {
            return true;
        }
        return Arrays.stream(args).allMatch(a -> a.startsWith("--") && !NON_SERVER_OPTIONS.contains(a));
    }

    public static String[] serverArguments(String[] args) {
        return args.length > 0 && "server".equals(args[0]) ? Arrays.copyOfRange(args, 1, args.length) : args;
    }

    public static int run(String[] args, Consumer<String[]> serverStarter) {
        return new CommandLine(new StackportCommand(serverStarter)).execute(args);
    }
}
