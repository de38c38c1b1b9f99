package org.stackport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

class StackportCommandTest {

    static final java.util.function.Consumer<String[]> NO_SERVER = CliRun.NO_SERVER;

    @Test
    void the_server_command_hands_its_properties_to_the_server() {
        java.util.List<String> started = new java.util.ArrayList<>();
        assertThat(StackportCommand.run(new String[] {"server", "--server.port=9091"},
                args -> started.addAll(java.util.List.of(args)))).isZero();
        assertThat(started).containsExactly("--server.port=9091");
    }

    @Test
    void no_arguments_or_only_spring_options_start_the_server() {
        assertThat(StackportCommand.isServerInvocation(new String[0])).isTrue();
        assertThat(StackportCommand.isServerInvocation(new String[] {"--server.port=9090"})).isTrue();
        assertThat(StackportCommand.isServerInvocation(new String[] {"server", "--server.port=9090"})).isTrue();
        assertThat(StackportCommand.serverArguments(new String[] {"server", "--a=b"})).containsExactly("--a=b");
    }

    @Test
    void help_and_commands_go_to_the_command_line() {
        assertThat(StackportCommand.isServerInvocation(new String[] {"--help"})).isFalse();
        assertThat(StackportCommand.isServerInvocation(new String[] {"version"})).isFalse();
        assertThat(StackportCommand.isServerInvocation(new String[] {"help"})).isFalse();
        assertThat(StackportCommand.isServerInvocation(new String[] {"server", "--help"})).isFalse();
        assertThat(StackportCommand.isServerInvocation(new String[] {"server", "-h"})).isFalse();
    }

    @Test
    void help_lists_the_commands() {
        String out = capture(() -> StackportCommand.run(new String[] {"--help"}, NO_SERVER));
        assertThat(out).contains("server").contains("version").contains("help");
    }

    @Test
    void version_prints_the_version() {
        String out = capture(() -> assertThat(StackportCommand.run(new String[] {"version"}, NO_SERVER)).isZero());
        // other threads of the test JVM (a Spring context's jobs) may print to System.out meanwhile
        assertThat(out.lines()).anySatisfy(line -> assertThat(line).startsWith("Stackport "));
    }

    @Test
    void an_unknown_command_is_one_sentence_and_exit_2() {
        CliRun run = CliRun.of("", "pcg", "isntall");
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).isEqualTo("Unknown command 'isntall' (did you mean install?); see 'stackport pcg --help'."
                + System.lineSeparator());
        assertThat(run.out()).isEmpty();
    }

    @Test
    void every_command_answers_help_and_h() {
        List<String> commands = new ArrayList<>();
        collect(new CommandLine(new StackportCommand(NO_SERVER, null, null)), commands);
        assertThat(commands).contains("stackport", "stackport server", "stackport simulator", "stackport pcg",
                "stackport pcg install", "stackport version", "stackport help");
        for (String command : commands) {
            for (String option : List.of("--help", "-h")) {
                List<String> args = new ArrayList<>(List.of(command.split(" ")).subList(1, command.split(" ").length));
                args.add(option);
                CliRun run = CliRun.of("", args.toArray(String[]::new));
                assertThat(run.exit()).as(command + " " + option + ": " + run).isZero();
                assertThat(run.out()).as(command + " " + option).contains("Usage: " + command + " [-h");
                assertThat(run.err()).as(command + " " + option).isEmpty();
            }
        }
    }

    @Test
    @Timeout(30)
    void a_simulator_port_in_use_is_one_sentence_and_exit_3() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            CliRun run = CliRun.of("", "simulator", "--port", String.valueOf(taken.getLocalPort()));
            assertThat(run.exit()).as(run.toString()).isEqualTo(3);
            assertThat(run.err()).isEqualTo("The OpenStack simulator cannot listen on 127.0.0.1:" + taken.getLocalPort()
                    + " (address already in use); stop what uses that port or choose another with --port." + System.lineSeparator());
            assertThat(run.all()).doesNotContain("Exception", "\tat ", "java.");
        }
    }

    private static void collect(CommandLine command, List<String> names) {
        names.add(command.getCommandSpec().qualifiedName());
        command.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, names));
    }

    @Test
    void the_top_help_lists_every_exit_code() {
        String help = CliRun.of("", "--help").out();
        assertThat(help).contains("Exit codes:");
        for (ExitCode code : ExitCode.values()) {
            assertThat(help).containsPattern("(?m)^ +" + code.code + " +" + Pattern.quote(code.meaning.substring(0, Math.min(30, code.meaning.length()))));
        }
        assertThat(Arrays.stream(ExitCode.values()).map(c -> c.code)).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @Test
    void an_unexpected_exception_is_one_sentence_without_java_names_and_exit_5() {
        CliRun run = CliRun.of(args -> {
            throw new IllegalStateException(new java.net.BindException("Address already in use"));
        }, "", "server", "--server.port=8080");
        assertThat(run.exit()).isEqualTo(5);
        assertThat(run.err()).isEqualTo("'stackport server' failed unexpectedly (Address already in use); please report this."
                + System.lineSeparator());
        assertThat(run.all()).doesNotContain("Exception", "\tat ", "java.");
    }

    private static String capture(Runnable r) {
        PrintStream old = System.out;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buffer, true));
        try {
            r.run();
        } finally {
            System.setOut(old);
        }
        return buffer.toString();
    }
}
