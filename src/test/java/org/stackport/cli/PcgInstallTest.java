package org.stackport.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pcg install} failing without a console: every failure is one sentence on standard error with its exit code,
 * and bad answers are asked again. The console is "down": a local port that nothing listens on.
 */
class PcgInstallTest {

    @TempDir
    Path dir;
    String closed;

    @BeforeEach
    void a_port_nothing_listens_on() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = "http://127.0.0.1:" + socket.getLocalPort();
        }
    }

    static String lines(String... answers) {
        return String.join("\n", answers) + "\n";
    }

    /** All 23 prompts answered, the size last. */
    static String answers(String size) {
        return lines("cli-gw", "y", "", "", "", "", "", "", "http://127.0.0.1:5000/v3", "demo", "demo", "n", "", "", "", "dev",
                "static", "private", "private-subnet", "", "n", "", size);
    }

    CliRun install(String input, String... more) {
        String[] args = new String[] {"pcg", "install", "--server", closed, "--api-key", "sp-key", "--dir", dir.toString(),
                "--key-file", dir.resolve("cli.key").toString()};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return CliRun.of(input, all);
    }

    /** One line on standard error, nothing that looks like Java's insides anywhere. */
    static void oneSentence(CliRun run, int exit, String sentence) {
        assertThat(run.exit()).as(run.toString()).isEqualTo(exit);
        assertThat(run.err()).as(run.toString()).isEqualTo(sentence + System.lineSeparator());
        assertThat(run.all()).doesNotContain("Exception", "\tat ", "java.");
    }

    @Test
    void input_that_ends_at_a_prompt_is_one_sentence_and_exit_3() {
        CliRun run = install(lines("cli-gw"));
        oneSentence(run, 3, "Input ended before an answer to 'Share PCG Cloud Account across platform Projects (y/n)'; "
                + "nothing was registered.");
        assertThat(dir.resolve("pcg.yaml")).doesNotExist();
    }

    @Test
    void bad_answers_are_explained_and_asked_again() {
        String input = lines("cli-gw", "maybe", "y", "", "", "", "", "", "", "http://127.0.0.1:5000/v3", "demo", "", "demo", "n",
                dir.resolve("missing.pem").toString(), "", "", "", "dev", "floating", "static", "private", "private-subnet", "",
                "n", "", "three", "5", "3");
        CliRun run = install(input);
        assertThat(run.out()).contains(
                "Share PCG Cloud Account across platform Projects (y/n) [y]:   please answer y or n",
                "OpenStack Account Password:   an answer is required",
                "cannot read " + dir.resolve("missing.pem") + " (no such file or directory); enter another file, or nothing for none",
                "Placement Type (static/dynamic) [static]:   please answer static or dynamic",
                "'three' is not a number; please answer 1 or 3");
        assertThat(Pattern.compile(Pattern.quote("PCG Cluster Size (1 or 3) [1]: ")).matcher(run.out()).results().count()).isEqualTo(3);
        assertThat(Pattern.compile("please answer 1 or 3").matcher(run.out()).results().count()).isEqualTo(2);
        // every answer was taken in the end: the file is saved with the size asked for, then the console is down
        assertThat(dir.resolve("pcg.yaml")).content().contains("size: 3", "type: static", "shareAcrossProjects: true");
        oneSentence(run, 4, "Stackport cannot be reached at " + closed + " (connection refused): start the console or fix --server, "
                + "then run pcg install --config-file " + dir.resolve("pcg.yaml") + ".");
    }

    @Test
    void a_console_that_is_down_is_one_sentence_and_exit_4_for_a_saved_file_too() {
        install(answers("1"));
        CliRun run = CliRun.of("", "pcg", "install", "--server", closed + "/", "--config-file", dir.resolve("pcg.yaml").toString(),
                "--key-file", dir.resolve("cli.key").toString());
        oneSentence(run, 4, "Stackport cannot be reached at " + closed + " (connection refused): start the console or fix --server, "
                + "then run pcg install --config-file " + dir.resolve("pcg.yaml") + ".");
    }

    @Test
    void a_server_that_is_not_stackport_is_one_sentence_and_exit_4() throws IOException {
        HttpServer other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", exchange -> {
            byte[] page = "<html><body>Not Found</body></html>".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html");
            exchange.sendResponseHeaders(404, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        other.start();
        try {
            closed = "http://127.0.0.1:" + other.getAddress().getPort();
            oneSentence(install(answers("1")), 4, "Stackport cannot be reached at " + closed + " (it answered 404 but not as "
                    + "Stackport does): start the console or fix --server, then run pcg install --config-file " + dir.resolve("pcg.yaml") + ".");
        } finally {
            other.stop(0);
        }
    }

    @Test
    void a_missing_config_file_is_one_sentence_and_exit_3() {
        CliRun run = install("", "--config-file", dir.resolve("nope.yaml").toString());
        oneSentence(run, 3, "The config file " + dir.resolve("nope.yaml") + " cannot be read (no such file or directory).");
    }

    @Test
    void a_config_file_that_is_not_a_saved_pcg_yaml_is_one_sentence_and_exit_3() throws IOException {
        Files.writeString(dir.resolve("broken.yaml"), "name: [unclosed\n");
        Files.writeString(dir.resolve("list.yaml"), "- a\n- b\n");
        oneSentence(install("", "--config-file", dir.resolve("broken.yaml").toString()), 3, "The config file "
                + dir.resolve("broken.yaml") + " is not valid YAML; fix it, or run pcg install without --config-file to make a new one.");
        oneSentence(install("", "--config-file", dir.resolve("list.yaml").toString()), 3, "The config file "
                + dir.resolve("list.yaml") + " is not a pcg.yaml saved by pcg install (it has no openstack section); "
                + "run pcg install without --config-file to make one.");
    }

    @Test
    void a_pcg_yaml_that_the_cli_key_cannot_decrypt_is_one_sentence_and_exit_3() throws IOException {
        install(answers("1"));
        Path yaml = dir.resolve("pcg.yaml");
        String sentence = "A secret in " + yaml + " cannot be decrypted with the CLI key %s (the key changed or the file was edited); "
                + "run pcg install without --config-file to enter the values again.";

        Path otherKey = dir.resolve("other.key");
        CliRun changedKey = CliRun.of("", "pcg", "install", "--server", closed, "--config-file", yaml.toString(),
                "--key-file", otherKey.toString());
        oneSentence(changedKey, 3, sentence.formatted(otherKey));

        Files.writeString(yaml, Files.readString(yaml).replaceFirst("password: enc:\\S+", "password: enc:bm90IGEgc2VjcmV0IGF0IGFsbCwgcmVhbGx5"));
        CliRun edited = CliRun.of("", "pcg", "install", "--server", closed, "--config-file", yaml.toString(),
                "--key-file", dir.resolve("cli.key").toString());
        oneSentence(edited, 3, sentence.formatted(dir.resolve("cli.key")));
    }

    @Test
    void a_cli_key_that_is_not_a_key_is_one_sentence_and_exit_3() throws IOException {
        Files.writeString(dir.resolve("cli.key"), "not base64 at all!");
        oneSentence(install(answers("1")), 3, "The CLI key " + dir.resolve("cli.key") + " is not a key made by pcg install; "
                + "restore it, or move it away to have a new one made (pcg.yaml files saved with the old key then need new values).");
    }

    @Test
    void a_server_that_is_not_a_url_is_a_usage_error_before_any_prompt() {
        CliRun run = CliRun.of(answers("1"), "pcg", "install", "--server", "localhost:8080");
        oneSentence(run, 2, "--server must be Stackport's http(s) address, such as http://localhost:8080, not 'localhost:8080'.");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void an_unknown_option_is_one_sentence_with_where_to_look_and_exit_2() {
        oneSentence(CliRun.of("", "pcg", "install", "--frob"), 2, "Unknown option: '--frob'; see 'stackport pcg install --help'.");
    }
}
