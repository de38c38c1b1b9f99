package org.stackport.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command-line face of the jar. Subcommands are added here as features arrive
 * (e.g. {@code simulator}, {@code pcg install}). Whatever goes wrong, the user sees one sentence on standard error
 * and an {@link ExitCode} — never a stack trace: the handlers in {@link #run(String[], Consumer, BufferedReader,
 * PrintWriter, PrintWriter, Console)} turn bad options and every exception into that.
 */
@Command(name = "stackport",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        description = "Runs Kubernetes clusters on your own OpenStack. With no command, starts the console.",
        exitCodeListHeading = "%nExit codes:%n",
        subcommands = {ServerCommand.class, SimulatorCommand.class, PcgCommand.class, GatewayCommand.class, VersionCommand.class,
                CommandLine.HelpCommand.class})
public class StackportCommand implements Runnable {

    private static final Set<String> HELP_OPTIONS = Set.of("-h", "--help");
    private static final Set<String> NON_SERVER_OPTIONS = Set.of("-h", "--help", "-V", "--version");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Starts the server; handed in by the main class so that this package does not depend on it. */
    final Consumer<String[]> serverStarter;
    /** Standard input, for the prompts of {@code pcg install}. */
    private final BufferedReader in;
    /** The terminal, for passwords without echo; null when input is piped. */
    private final Console console;

    StackportCommand(Consumer<String[]> serverStarter, BufferedReader in, Console console) {
        this.serverStarter = serverStarter;
        this.in = in;
        this.console = console;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    Prompter prompter(PrintWriter out) {
        return new Prompter(in, out, console);
    }

    /**
     * No arguments, the {@code server} command, or nothing but Spring {@code --name=value} options; but
     * {@code server --help} is for the command line, which prints the server command's help.
     */
    public static boolean isServerInvocation(String[] args) {
        if (args.length == 0) {
            return true;
        }
        if ("server".equals(args[0])) {
            return Arrays.stream(args).noneMatch(HELP_OPTIONS::contains);
        }
        return Arrays.stream(args).allMatch(a -> a.startsWith("--") && !NON_SERVER_OPTIONS.contains(a));
    }

    public static String[] serverArguments(String[] args) {
        return args.length > 0 && "server".equals(args[0]) ? Arrays.copyOfRange(args, 1, args.length) : args;
    }

    public static int run(String[] args, Consumer<String[]> serverStarter) {
        return run(args, serverStarter, new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.console());
    }

    static int run(String[] args, Consumer<String[]> serverStarter, BufferedReader in, PrintWriter out, PrintWriter err,
            Console console) {
        CommandLine cli = new CommandLine(new StackportCommand(serverStarter, in, console));
        cli.getCommandSpec().usageMessage().exitCodeList(ExitCode.helpList());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler(StackportCommand::badUsage);
        cli.setExecutionExceptionHandler(StackportCommand::failed);
        int exit = cli.execute(args);
        out.flush();
        err.flush();
        return exit;
    }

    /** picocli's message for a bad option, with where to read about the good ones; no usage dump. */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String message = CommandFailure.plain(e.getMessage()).replaceAll("[.:]+$", "");
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            List<String> words = unmatched.getUnmatched();
            // picocli says "Unmatched argument at index 1" for a mistyped command; users think in commands
            if (!command.getSubcommands().isEmpty() && !words.isEmpty() && !words.getFirst().startsWith("-")) {
                message = "Unknown command '" + words.getFirst() + "'";
            }
            if (!unmatched.getSuggestions().isEmpty()) {
                message += " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
            }
        }
        command.getErr().println(message + "; see '" + command.getCommandSpec().qualifiedName() + " --help'.");
        return ExitCode.USAGE.code;
    }

    /** A {@link CommandFailure} says what to do; anything else is a bug of ours, still told in one sentence. */
    private static int failed(Exception e, CommandLine command, CommandLine.ParseResult parsed) {
        if (e instanceof CommandFailure failure) {
            command.getErr().println(failure.getMessage());
            return failure.exitCode.code;
        }
        String message = "";
        for (Throwable t = e; t != null && message.isEmpty(); t = t.getCause()) {
            message = CommandFailure.plain(t.getMessage());
        }
        command.getErr().println("'" + command.getCommandSpec().qualifiedName() + "' failed unexpectedly"
                + (message.isEmpty() ? "" : " (" + message.replaceAll("[.:]+$", "") + ")") + "; please report this.");
        return ExitCode.UNEXPECTED.code;
    }
}
