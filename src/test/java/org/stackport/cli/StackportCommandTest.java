package org.stackport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;

class StackportCommandTest {

    static final java.util.function.Consumer<String[]> NO_SERVER = args -> {
        throw new AssertionError("the server must not start");
    };

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
    void an_unknown_command_fails() {
        assertThat(StackportCommand.run(new String[] {"frobnicate"}, NO_SERVER)).isNotZero();
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
