package org.stackport.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code pcg}: the seed's Palette CLI commands for private cloud gateways, against a running Stackport. */
@Command(name = "pcg", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Private cloud gateway commands.", subcommands = PcgCommand.Install.class)
class PcgCommand implements Runnable {

    @Spec
    CommandSpec spec;
    @ParentCommand
    StackportCommand root;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /**
     * {@code pcg install}: asks the seed's prompts (or reads {@code --config-file}), saves {@code pcg.yaml} with the
     * API key and passwords encrypted, and registers the gateway with Stackport — or, for a gateway that exists,
     * redeploys it with the file's values ("Edit and Redeploy PCG"). Every failure is a {@link CommandFailure}: one
     * sentence and an {@link ExitCode}.
     */
    @Command(name = "install", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
            description = "Register a private cloud gateway, asking the pcg install prompts; "
            + "with --config-file, (re)deploy from a saved pcg.yaml.")
    static class Install implements Callable<Integer> {

        private static final JsonMapper JSON = JsonMapper.builder().build();
        private static final String ENC = "enc:";
        private static final String API_KEY_QUESTION = "Stackport API key (a tenant admin's)";

        @Option(names = "--server", description = "Stackport's URL. Default: ${DEFAULT-VALUE}", defaultValue = "http://localhost:8080")
        String server;
        @Option(names = "--api-key", description = "A tenant admin's API key (else $STACKPORT_API_KEY, else asked)")
        String apiKey;
        @Option(names = "--config-file", description = "A pcg.yaml saved by an earlier run: no prompts")
        Path configFile;
        @Option(names = "--dir", description = "Where to save pcg.yaml. Default: ~/.stackport/pcg/pcg-<time>")
        Path dir;
        @Option(names = "--key-file", description = "The key that encrypts secrets in pcg.yaml (made once, owner-only). "
                + "Default: ~/.stackport/cli.key")
        Path keyFile;

        @Spec
        CommandSpec spec;
        @ParentCommand
        PcgCommand pcg;

        private PrintWriter out;
        private Prompter prompter;

        @Override
        public Integer call() {
            URI base = serverAddress();
            out = spec.commandLine().getOut();
            prompter = pcg.root.prompter(out);
            Path home = Path.of(System.getProperty("user.home"), ".stackport");
            Path keyPath = keyFile == null ? home.resolve("cli.key") : keyFile;
            byte[] key = key(keyPath);
            Map<String, Object> config;
            Path saved;
            String key0 = apiKey != null ? apiKey : System.getenv("STACKPORT_API_KEY");
            if (configFile != null) {
                config = load(configFile);
                saved = configFile;
            } else {
                config = ask();
                if (key0 == null || key0.isBlank()) {
                    key0 = prompter.secret(API_KEY_QUESTION);
                }
                config.put("apiKey", seal(key0, key));
                saved = (dir == null ? home.resolve("pcg").resolve("pcg-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))) : dir).resolve("pcg.yaml");
                save(config, saved, key);
                out.println("==== PCG config saved ====");
                out.println("Location: " + saved);
            }
            Map<String, Object> plain = decrypt(config, key, saved, keyPath);
            if (key0 == null || key0.isBlank()) {
                key0 = plain.get("apiKey") instanceof String s ? s : prompter.secret(API_KEY_QUESTION);
            }
            Map<String, Object> body = new LinkedHashMap<>(plain);
            body.remove("apiKey");
            String name = String.valueOf(body.get("name"));
            // appended, not resolved: a console behind a path prefix (https://host/stackport) keeps its prefix
            URI all = URI.create(base + "/api/v1/gateways");
            URI one = URI.create(all + "/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> exists = send(http, request(one, key0).GET().build(), base, saved);
            if (exists.statusCode() == 401 || exists.statusCode() == 403) {
                return refused("the API key", exists, base, saved, "Give a tenant admin's API key (--api-key or "
                        + "$STACKPORT_API_KEY) and run: pcg install --config-file " + saved);
            }
            boolean redeploy = exists.statusCode() == 200 && configFile != null;
            HttpRequest.BodyPublisher json = HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            HttpResponse<String> r = send(http, (redeploy ? request(one, key0).PUT(json)
                    : request(all, key0).POST(json)).build(), base, saved);
            if (r.statusCode() == 200 || r.statusCode() == 201) {
                JsonNode g = json(r, base, saved);
                out.println((redeploy ? "Redeploying" : "Registered") + " gateway " + g.path("name").asString() + ": "
                        + g.path("status").asString() + ", cloud account " + g.path("cloudAccount").asString() + ".");
                if ("agent".equals(g.path("mode").asString(""))) {
                    out.println("Stackport installs the gateway's " + g.path("size").asInt(1) + " node(s) into OpenStack; "
                            + "their agents dial the console and it is Running once one has connected.");
                    if (g.hasNonNull("agentToken")) {
                        out.println("Agent token (shown this once; also for running an agent by hand with "
                                + "'stackport gateway agent --console <url> --token-file <file>'): "
                                + g.path("agentToken").asString());
                    }
                }
                out.println("Follow it in the console: Tenant Settings > Private Cloud Gateways > " + name);
                return ExitCode.OK.code;
            }
            return refused("the gateway", r, base, saved, "Fix the values in " + saved + " and run: pcg install --config-file " + saved);
        }

        /** Checked before any prompt, so that a typo in --server does not cost the user all their answers. */
        private URI serverAddress() {
            try {
                URI uri = new URI(server.strip().replaceAll("/+$", ""));
                if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme())) && uri.getHost() != null) {
                    return uri;
                }
            } catch (URISyntaxException e) {
                // said below
            }
            throw new CommandFailure(ExitCode.USAGE,
                    "--server must be Stackport's http(s) address, such as http://localhost:8080, not '" + server + "'.");
        }

        private static HttpRequest.Builder request(URI uri, String key) {
            return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(120))
                    .header("ApiKey", key).header("Content-Type", "application/json").header("Accept", "application/json");
        }

        private static HttpResponse<String> send(HttpClient http, HttpRequest request, URI base, Path saved) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (HttpTimeoutException e) {
                throw unreachable(base, "it did not answer in time", saved);
            } catch (ConnectException e) {
                throw unreachable(base, causedBy(e, UnresolvedAddressException.class) ? "unknown host" : "connection refused", saved);
            } catch (IOException e) {
                throw unreachable(base, CommandFailure.reason(e), saved);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CommandFailure(ExitCode.UNREACHABLE, "Interrupted while waiting for Stackport at " + base
                        + "; run pcg install --config-file " + saved + " to try again.");
            }
        }

        private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (type.isInstance(t)) {
                    return true;
                }
            }
            return false;
        }

        private static CommandFailure unreachable(URI base, String why, Path saved) {
            return new CommandFailure(ExitCode.UNREACHABLE, "Stackport cannot be reached at " + base + " (" + why
                    + "): start the console or fix --server, then run pcg install --config-file " + saved + ".");
        }

        /** A JSON answer; anything else means --server points at something that is not Stackport. */
        private static JsonNode json(HttpResponse<String> r, URI base, Path saved) {
            try {
                return JSON.readTree(r.body());
            } catch (JacksonException e) {
                throw unreachable(base, "it answered " + r.statusCode() + " but not as Stackport does", saved);
            }
        }

        /** Stackport's refusal, field by field where it gives fields, on standard error; exit 1. */
        private int refused(String what, HttpResponse<String> r, URI base, Path saved, String retry) {
            JsonNode problem = r.body().isBlank() ? JSON.createObjectNode() : json(r, base, saved);
            PrintWriter err = spec.commandLine().getErr();
            err.println("Stackport refused " + what + " (" + r.statusCode() + "):");
            if (problem.has("errors")) {
                problem.get("errors").forEach(e -> err.println("  " + e.path("field").asString() + ": " + e.path("message").asString()));
            } else {
                err.println("  " + problem.path("detail").asString(problem.path("title").asString("no reason given")));
            }
            err.println(retry);
            err.flush();
            return ExitCode.REFUSED.code;
        }

        /** The seed's prompts, in its order; an empty answer takes the default shown in brackets. */
        Map<String, Object> ask() {
            Map<String, Object> c = new LinkedHashMap<>();
            out.println("Cloud Type: OpenStack");
            c.put("cloudType", "openstack");
            c.put("name", prompter.text("Private Cloud Gateway Name", "openstack-pcg-1"));
            c.put("shareAcrossProjects", prompter.yesNo("Share PCG Cloud Account across platform Projects", true));
            Map<String, Object> proxy = new LinkedHashMap<>();
            proxy.put("https", prompter.text("HTTPS Proxy", ""));
            proxy.put("http", prompter.text("HTTP Proxy", ""));
            proxy.put("noProxy", list(prompter.text("No Proxy (comma-separated)", "")));
            proxy.put("caCertificatePath", prompter.text("Proxy CA Certificate Filepath", ""));
            c.put("proxy", proxy);
            c.put("podCidr", prompter.text("Pod CIDR", "192.168.0.0/16"));
            c.put("serviceCidr", prompter.text("Service IP Range", "10.96.0.0/12"));
            Map<String, Object> os = new LinkedHashMap<>();
            os.put("identityEndpoint", prompter.text("OpenStack Identity Endpoint", null));
            os.put("username", prompter.text("OpenStack Account Username", null));
            os.put("password", prompter.secret("OpenStack Account Password"));
            os.put("insecure", prompter.yesNo("Allow Insecure Connection", false));
            os.put("caCertificate", prompter.ask("CA Certificate file (PEM; empty for none)", "", Install::certificate));
            os.put("domain", prompter.text("Default Domain", "Default"));
            os.put("region", prompter.text("Default Region", "RegionOne"));
            os.put("project", prompter.text("Default Project", null));
            Map<String, Object> placement = new LinkedHashMap<>();
            String type = prompter.choice("Placement Type", List.of("static", "dynamic"), "static");
            placement.put("type", type);
            if ("static".equals(type)) {
                placement.put("network", prompter.text("Network", null));
                placement.put("subnet", prompter.text("Subnet", null));
            } else {
                placement.put("dnsServers", list(prompter.text("DNS Server(s) (comma-separated)", null)));
                placement.put("nodeCidr", prompter.text("Node CIDR", null));
            }
            os.put("placement", placement);
            os.put("sshPublicKey", prompter.text("SSH Public Key", ""));
            boolean patch = prompter.yesNo("Patch OS on boot", false);
            os.put("patchOsOnBoot", patch);
            os.put("rebootAfterPatch", patch && prompter.yesNo("Reboot nodes once OS patch is applied", false));
            os.put("availabilityZone", prompter.text("Availability Zone", ""));
            c.put("openstack", os);
            c.put("size", prompter.number("PCG Cluster Size", List.of(1, 3), 1));
            return c;
        }

        /** The PEM text of the file named in the answer; a file that cannot be read is asked for again. */
        private static String certificate(String path) {
            if (path.isEmpty()) {
                return null;
            }
            try {
                String pem = Files.readString(Path.of(path));
                if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
                    throw new Prompter.BadAnswer(path + " is not a PEM certificate; enter another file, or nothing for none");
                }
                return pem;
            } catch (IOException e) {
                throw new Prompter.BadAnswer("cannot read " + path + " (" + CommandFailure.reason(e)
                        + "); enter another file, or nothing for none");
            } catch (InvalidPathException e) {
                throw new Prompter.BadAnswer("'" + path + "' is not a file name; enter another file, or nothing for none");
            }
        }

        private static List<String> list(String s) {
            return s == null ? List.of() : Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
        }

        // ---- pcg.yaml: the values, with the password, the API key and proxy URLs with a password encrypted

        static void save(Map<String, Object> config, Path file, byte[] key) {
            Map<String, Object> stored = encrypt(config, key);
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            String text = "# Saved by 'stackport pcg install'; secrets are encrypted with the CLI key.\n" + new Yaml(options).dump(stored);
            try {
                ownerOnlyDirectories(file.toAbsolutePath().getParent());
                createOwnerOnly(file);
                Files.writeString(file, text);
            } catch (IOException e) {
                throw new CommandFailure(ExitCode.LOCAL, "pcg.yaml cannot be saved as " + file + " (" + CommandFailure.reason(e)
                        + "); choose another folder with --dir.");
            }
        }

        /** A pcg.yaml saved by an earlier run: a YAML map with an {@code openstack} section at least. */
        @SuppressWarnings("unchecked")
        static Map<String, Object> load(Path file) {
            Object loaded;
            try {
                loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            } catch (IOException e) {
                throw new CommandFailure(ExitCode.LOCAL, "The config file " + file + " cannot be read (" + CommandFailure.reason(e) + ").");
            } catch (YAMLException e) {
                throw new CommandFailure(ExitCode.LOCAL, "The config file " + file + " is not valid YAML; "
                        + "fix it, or run pcg install without --config-file to make a new one.");
            }
            if (!(loaded instanceof Map<?, ?> map) || !(map.get("openstack") instanceof Map<?, ?>)) {
                throw new CommandFailure(ExitCode.LOCAL, "The config file " + file + " is not a pcg.yaml saved by pcg install "
                        + "(it has no openstack section); run pcg install without --config-file to make one.");
            }
            return (Map<String, Object>) map;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> encrypt(Map<String, Object> config, byte[] key) {
            Map<String, Object> c = deepCopy(config);
            Map<String, Object> os = (Map<String, Object>) c.get("openstack");
            os.put("password", seal(String.valueOf(os.get("password")), key));
            if (c.get("proxy") instanceof Map<?, ?> p) {
                Map<String, Object> proxy = (Map<String, Object>) p;
                for (String k : List.of("https", "http")) {
                    if (proxy.get(k) instanceof String url && url.contains("@")) {
                        proxy.put(k, seal(url, key));
                    }
                }
            }
            return c;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> decrypt(Map<String, Object> config, byte[] key, Path file, Path keyFile) {
            try {
                return decrypt(config, key);
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                throw new CommandFailure(ExitCode.LOCAL, "A secret in " + file + " cannot be decrypted with the CLI key " + keyFile
                        + " (the key changed or the file was edited); run pcg install without --config-file to enter the values again.");
            }
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> decrypt(Map<String, Object> config, byte[] key) throws GeneralSecurityException {
            Map<String, Object> c = deepCopy(config);
            Map<String, Object> os = (Map<String, Object>) c.get("openstack");
            os.put("password", open(String.valueOf(os.get("password")), key));
            if (c.get("proxy") instanceof Map<?, ?> p) {
                Map<String, Object> proxy = (Map<String, Object>) p;
                for (String k : List.of("https", "http")) {
                    if (proxy.get(k) instanceof String s) {
                        proxy.put(k, open(s, key));
                    }
                }
            }
            if (c.get("apiKey") instanceof String s) {
                c.put("apiKey", open(s, key));
            }
            return c;
        }

        @SuppressWarnings("unchecked")
        private static Map<String, Object> deepCopy(Map<String, Object> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, v) -> copy.put(k, v instanceof Map<?, ?> inner ? deepCopy((Map<String, Object>) inner)
                    : v instanceof List<?> l ? new ArrayList<>(l) : v));
            return copy;
        }

        private static String seal(String plain, byte[] key) {
            try {
                byte[] iv = new byte[12];
                new SecureRandom().nextBytes(iv);
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
                byte[] sealed = cipher.doFinal(plain.getBytes(StandardCharsets.UTF_8));
                byte[] all = new byte[iv.length + sealed.length];
                System.arraycopy(iv, 0, all, 0, iv.length);
                System.arraycopy(sealed, 0, all, iv.length, sealed.length);
                return ENC + Base64.getEncoder().encodeToString(all);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("Could not encrypt a secret for pcg.yaml", e);
            }
        }

        /** Throws {@link IllegalArgumentException} for text that is not Base64, and a security exception for the wrong key. */
        private static String open(String value, byte[] key) throws GeneralSecurityException {
            if (!value.startsWith(ENC)) {
                return value;
            }
            byte[] all = Base64.getDecoder().decode(value.substring(ENC.length()));
            if (all.length < 12 + 16) {
                throw new AEADBadTagException("too short");
            }
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, all, 0, 12));
            return new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        }

        /** The CLI's own AES key: made once, readable by its owner only. */
        static byte[] key(Path file) {
            if (Files.exists(file)) {
                byte[] key;
                try {
                    key = Base64.getDecoder().decode(Files.readString(file).strip());
                } catch (IOException e) {
                    throw new CommandFailure(ExitCode.LOCAL, "The CLI key " + file + " cannot be read (" + CommandFailure.reason(e) + ").");
                } catch (IllegalArgumentException e) {
                    key = new byte[0];
                }
                if (key.length != 32) {
                    throw new CommandFailure(ExitCode.LOCAL, "The CLI key " + file + " is not a key made by pcg install; restore it, "
                            + "or move it away to have a new one made (pcg.yaml files saved with the old key then need new values).");
                }
                return key;
            }
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            try {
                ownerOnlyDirectories(file.toAbsolutePath().getParent());
                createOwnerOnly(file);
                Files.writeString(file, Base64.getEncoder().encodeToString(key));
            } catch (IOException e) {
                throw new CommandFailure(ExitCode.LOCAL, "The CLI key " + file + " cannot be made (" + CommandFailure.reason(e)
                        + "); choose another file with --key-file.");
            }
            return key;
        }

        /** The file exists, empty or not, readable by its owner only, before anything secret is written to it. */
        private static void createOwnerOnly(Path file) throws IOException {
            try {
                if (!Files.exists(file)) {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                }
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                if (!Files.exists(file)) {
                    Files.createFile(file);
                }
            }
        }

        private static void ownerOnlyDirectories(Path dir) throws IOException {
            if (Files.isDirectory(dir)) {
                return;
            }
            try {
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            } catch (UnsupportedOperationException e) {
                Files.createDirectories(dir);
            }
        }
    }
}
