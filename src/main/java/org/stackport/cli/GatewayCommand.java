package org.stackport.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.springframework.boot.convert.DurationStyle;
import org.stackport.tunnel.AgentInfo;
import org.stackport.tunnel.GatewayAgent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code stackport gateway agent}: the gateway agent, run on a gateway node inside the private cloud. */
@Command(name = "gateway", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Gateway commands.", subcommands = GatewayCommand.Agent.class)
class GatewayCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "agent", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
            description = {"Runs the gateway agent: dials out to the console and carries its connections into this "
                    + "cloud (only to the destinations the console allows). Runs until stopped; reconnects by itself."})
    static class Agent implements Callable<Integer> {

        @Option(names = "--console", paramLabel = "<url>", description = "The console's URL, e.g. https://stackport.example.com")
        String console;

        @Option(names = "--config", paramLabel = "<file>", description = "A settings file of key=value lines (console, "
                + "token, node-name, address, zone, heartbeat, console-ca), as a gateway node's cloud-init writes it; "
                + "options given on the command line win")
        Path config;

        @Option(names = "--token", paramLabel = "<token>",
                description = "The gateway's agent token (shown once at registration). Prefer --token-file or the "
                        + "STACKPORT_GATEWAY_TOKEN environment variable: a command line is visible to other users.")
        String token;

        @Option(names = "--token-file", paramLabel = "<file>", description = "A file holding the gateway's agent token")
        Path tokenFile;

        @Option(names = "--node-name", paramLabel = "<name>", description = "This node's name. Default: the host name")
        String nodeName;

        @Option(names = "--address", paramLabel = "<ip>", description = "This node's address in the cloud. Default: the host's address")
        String address;

        @Option(names = "--zone", paramLabel = "<zone>", defaultValue = "", description = "This node's availability zone")
        String zone;

        @Option(names = "--console-ca", paramLabel = "<file>", description = "PEM of the CA that signed the console's certificate")
        Path consoleCa;

        @Option(names = "--heartbeat", paramLabel = "<duration>", defaultValue = "10s",
                description = "How often the agent says it is alive. Default: ${DEFAULT-VALUE}")
        String heartbeat;

        @Override
        public Integer call() throws Exception {
            readConfig();
            if (console == null) {
                throw new CommandFailure(ExitCode.USAGE, "The console's URL is needed: --console or console= in --config.");
            }
            URI uri;
            try {
                uri = URI.create(console.strip());
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(ExitCode.USAGE, "--console is not a URL: " + console);
            }
            if (uri.getScheme() == null || !uri.getScheme().matches("(?i)https?") || uri.getHost() == null) {
                throw new CommandFailure(ExitCode.USAGE, "--console must be the console's http(s) URL, not '" + console + "'.");
            }
            String secret = token();
            Duration every;
            try {
                every = DurationStyle.detectAndParse(heartbeat);
            } catch (IllegalArgumentException e) {
                throw new CommandFailure(ExitCode.USAGE, "--heartbeat takes a duration such as 10s, not '" + heartbeat + "'.");
            }
            String host = nodeName != null ? nodeName : InetAddress.getLocalHost().getHostName();
            String ip = address != null ? address : InetAddress.getLocalHost().getHostAddress();
            GatewayAgent agent = GatewayAgent.start(new GatewayAgent.Options(uri, secret,
                    new AgentInfo(host, ip, zone, GatewayAgent.VERSION), every, tls(),
                    line -> System.out.println(Instant.now() + " " + line)));
            Runtime.getRuntime().addShutdownHook(new Thread(agent::close));
            System.out.println(Instant.now() + " gateway agent " + GatewayAgent.VERSION + " on " + host + " dialing "
                    + uri);
            agent.join();
            return 0;
        }

        private void readConfig() {
            if (config == null) {
                return;
            }
            java.util.Map<String, String> s = new java.util.HashMap<>();
            try {
                Files.readAllLines(config, StandardCharsets.UTF_8).forEach(line -> {
                    int eq = line.indexOf('=');
                    if (eq > 0 && !line.startsWith("#")) {
                        s.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                    }
                });
            } catch (IOException e) {
                throw new CommandFailure(ExitCode.USAGE, "--config cannot be read: " + e.getMessage());
            }
            console = console != null ? console : s.get("console");
            token = token != null ? token : s.get("token");
            nodeName = nodeName != null ? nodeName : s.get("node-name");
            address = address != null ? address : s.get("address");
            if ((zone == null || zone.isEmpty()) && s.containsKey("zone")) {
                zone = s.get("zone");
            }
            if ("10s".equals(heartbeat) && s.containsKey("heartbeat")) {
                heartbeat = s.get("heartbeat");
            }
            if (consoleCa == null && s.containsKey("console-ca")) {
                consoleCa = Path.of(s.get("console-ca"));
            }
        }

        private String token() throws IOException {
            String t = token;
            if (t == null && tokenFile != null) {
                try {
                    t = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    throw new CommandFailure(ExitCode.USAGE, "--token-file cannot be read: " + CommandFailure.reason(e));
                }
            }
            if (t == null) {
                t = System.getenv("STACKPORT_GATEWAY_TOKEN");
            }
            if (t == null || t.isBlank()) {
                throw new CommandFailure(ExitCode.USAGE, "The gateway's token is needed: --token-file, the "
                        + "STACKPORT_GATEWAY_TOKEN environment variable, or --token.");
            }
            return t.strip();
        }

        private SSLContext tls() {
            if (consoleCa == null) {
                return null;
            }
            try {
                byte[] pem = Files.readAllBytes(consoleCa);
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem))) {
                    store.setCertificateEntry("ca-" + i++, c);
                }
                if (i == 0) {
                    throw new CommandFailure(ExitCode.USAGE, "--console-ca holds no certificate");
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(store);
                SSLContext ssl = SSLContext.getInstance("TLS");
                ssl.init(null, tmf.getTrustManagers(), null);
                return ssl;
            } catch (IOException | GeneralSecurityException e) {
                throw new CommandFailure(ExitCode.USAGE, "--console-ca cannot be read: " + e.getMessage());
            }
        }
    }
}
