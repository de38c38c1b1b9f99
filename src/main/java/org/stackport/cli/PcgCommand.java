package org.stackport.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code pcg}: the seed's Palette CLI commands for private cloud gateways, against a running Stackport. */
@Command(name = "pcg", description = "Private cloud gateway commands.", subcommands = PcgCommand.Install.class)
class PcgCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /**
     * {@code pcg install}: asks the seed's prompts (or reads {@code --config-file}), saves {@code pcg.yaml} with the
     * API key and passwords encrypted, and registers the gateway with Stackport — or, for a gateway that exists,
     * redeploys it with the file's values ("Edit and Redeploy PCG").
     */
    @Command(name = "install", description = "Register a private cloud gateway, asking the pcg install prompts; "
            + "with --config-file, (re)deploy from a saved pcg.yaml.")
    static class Install implements Callable<Integer> {

        private static final JsonMapper JSON = JsonMapper.builder().build();
        private static final String ENC = "enc:";

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

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = System.out;
        boolean terminal = System.console() != null;

        @Override
        public Integer call() throws Exception {
            Path home = Path.of(System.getProperty("user.home"), ".stackport");
            byte[] key = key(keyFile == null ? home.resolve("cli.key") : keyFile);
            Map<String, Object> config;
            Path saved;
            String key0 = apiKey != null ? apiKey : System.getenv("STACKPORT_API_KEY");
            if (configFile != null) {
                config = load(configFile);
                saved = configFile;
            } else {
                config = ask();
                if (key0 == null || key0.isBlank()) {
                    key0 = secret("Stackport API key (a tenant admin's)");
                }
                config.put("apiKey", seal(key0, key));
                saved = (dir == null ? home.resolve("pcg").resolve("pcg-"
                        + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMddHHmmss"))) : dir).resolve("pcg.yaml");
                save(config, saved, key);
                out.println("==== PCG config saved ====");
                out.println("Location: " + saved);
            }
            Map<String, Object> plain = decrypt(config, key);
            if (key0 == null || key0.isBlank()) {
                key0 = plain.get("apiKey") instanceof String s ? s : secret("Stackport API key (a tenant admin's)");
            }
            Map<String, Object> body = new LinkedHashMap<>(plain);
            body.remove("apiKey");
            String name = String.valueOf(body.get("name"));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> exists = http.send(request("/api/v1/gateways/" + name, key0).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            boolean redeploy = exists.statusCode() == 200 && configFile != null;
            HttpRequest.BodyPublisher json = HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            HttpResponse<String> r = http.send((redeploy ? request("/api/v1/gateways/" + name, key0).PUT(json)
                    : request("/api/v1/gateways", key0).POST(json)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200 || r.statusCode() == 201) {
                JsonNode g = JSON.readTree(r.body());
                out.println((redeploy ? "Redeploying" : "Registered") + " gateway " + g.path("name").asString() + ": "
                        + g.path("status").asString() + ", cloud account " + g.path("cloudAccount").asString() + ".");
                out.println("Follow it in the console: Tenant Settings > Private Cloud Gateways > " + name);
                return 0;
            }
            out.println("Stackport refused the gateway (" + r.statusCode() + "):");
            JsonNode problem = JSON.readTree(r.body().isBlank() ? "{}" : r.body());
            if (problem.has("errors")) {
                problem.get("errors").forEach(e -> out.println("  " + e.path("field").asString() + ": " + e.path("message").asString()));
            } else {
                out.println("  " + problem.path("detail").asString(r.body()));
            }
            out.println("Fix the values in " + saved + " and run: pcg install --config-file " + saved);
            return 1;
        }

        private HttpRequest.Builder request(String path, String key) {
            return HttpRequest.newBuilder(URI.create(server.replaceAll("/+$", "") + path)).timeout(Duration.ofSeconds(120))
                    .header("ApiKey", key).header("Content-Type", "application/json").header("Accept", "application/json");
        }

        /** The seed's prompts, in its order; an empty answer takes the default shown in brackets. */
        Map<String, Object> ask() throws IOException {
            Map<String, Object> c = new LinkedHashMap<>();
            out.println("Cloud Type: OpenStack");
            c.put("cloudType", "openstack");
            c.put("name", prompt("Private Cloud Gateway Name", "openstack-pcg-1"));
            c.put("shareAcrossProjects", yes(prompt("Share PCG Cloud Account across platform Projects (y/n)", "y")));
            Map<String, Object> proxy = new LinkedHashMap<>();
            proxy.put("https", prompt("HTTPS Proxy", ""));
            proxy.put("http", prompt("HTTP Proxy", ""));
            proxy.put("noProxy", list(prompt("No Proxy (comma-separated)", "")));
            proxy.put("caCertificatePath", prompt("Proxy CA Certificate Filepath", ""));
            c.put("proxy", proxy);
            c.put("podCidr", prompt("Pod CIDR", "192.168.0.0/16"));
            c.put("serviceCidr", prompt("Service IP Range", "10.96.0.0/12"));
            Map<String, Object> os = new LinkedHashMap<>();
            os.put("identityEndpoint", prompt("OpenStack Identity Endpoint", null));
            os.put("username", prompt("OpenStack Account Username", null));
            os.put("password", secret("OpenStack Account Password"));
            os.put("insecure", yes(prompt("Allow Insecure Connection (y/n)", "n")));
            String ca = prompt("CA Certificate file (PEM; empty for none)", "");
            os.put("caCertificate", ca.isBlank() ? null : Files.readString(Path.of(ca)));
            os.put("domain", prompt("Default Domain", "Default"));
            os.put("region", prompt("Default Region", "RegionOne"));
            os.put("project", prompt("Default Project", null));
            Map<String, Object> placement = new LinkedHashMap<>();
            String type = prompt("Placement Type (static/dynamic)", "static");
            placement.put("type", type);
            if ("static".equals(type)) {
                placement.put("network", prompt("Network", null));
                placement.put("subnet", prompt("Subnet", null));
            } else {
                placement.put("dnsServers", list(prompt("DNS Server(s) (comma-separated)", null)));
                placement.put("nodeCidr", prompt("Node CIDR", null));
            }
            os.put("placement", placement);
            os.put("sshPublicKey", prompt("SSH Public Key", ""));
            boolean patch = yes(prompt("Patch OS on boot (y/n)", "n"));
            os.put("patchOsOnBoot", patch);
            os.put("rebootAfterPatch", patch && yes(prompt("Reboot nodes once OS patch is applied (y/n)", "n")));
            os.put("availabilityZone", prompt("Availability Zone", ""));
            c.put("openstack", os);
            c.put("size", Integer.parseInt(prompt("PCG Cluster Size (1 or 3)", "1")));
            return c;
        }

        private String prompt(String question, String defaultValue) throws IOException {
            out.print(question + (defaultValue == null || defaultValue.isEmpty() ? "" : " [" + defaultValue + "]") + ": ");
            out.flush();
            String line = in.readLine();
            if (line == null) {
                throw new IOException("no answer for '" + question + "' (input ended)");
            }
            line = line.strip();
            if (line.isEmpty() && defaultValue == null) {
                out.println("  an answer is required");
                return prompt(question, null);
            }
            return line.isEmpty() ? defaultValue : line;
        }

        /** A password: not echoed on a terminal; read as a line when input is piped. */
        private String secret(String question) throws IOException {
            if (terminal && System.console() != null) {
                char[] p = System.console().readPassword(question + ": ");
                return p == null ? "" : new String(p);
            }
            return prompt(question, null);
        }

        private static boolean yes(String answer) {
            return answer.toLowerCase().startsWith("y");
        }

        private static List<String> list(String s) {
            return s == null ? List.of() : Arrays.stream(s.split(",")).map(String::strip).filter(x -> !x.isEmpty()).toList();
        }

        // ---- pcg.yaml: the values, with the password, the API key and proxy URLs with a password encrypted

        void save(Map<String, Object> config, Path file, byte[] key) throws IOException {
            Map<String, Object> stored = encrypt(config, key);
            ownerOnlyDirectories(file.toAbsolutePath().getParent());
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            String text = "# Saved by 'stackport pcg install'; secrets are encrypted with the CLI key.\n" + new Yaml(options).dump(stored);
            createOwnerOnly(file);
            Files.writeString(file, text);
        }

        @SuppressWarnings("unchecked")
        static Map<String, Object> load(Path file) throws IOException {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            if (!(loaded instanceof Map<?, ?> map)) {
                throw new IOException(file + " is not a pcg.yaml");
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
        private static Map<String, Object> decrypt(Map<String, Object> config, byte[] key) {
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
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException("Could not encrypt a secret for pcg.yaml", e);
            }
        }

        private static String open(String value, byte[] key) {
            if (!value.startsWith(ENC)) {
                return value;
            }
            try {
                byte[] all = Base64.getDecoder().decode(value.substring(ENC.length()));
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, all, 0, 12));
                return new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
            } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
                throw new IllegalStateException("A secret in pcg.yaml cannot be decrypted with this CLI key; "
                        + "run pcg install again to enter it", e);
            }
        }

        /** The CLI's own AES key: made once, readable by its owner only. */
        static byte[] key(Path file) {
            try {
                if (Files.exists(file)) {
                    return Base64.getDecoder().decode(Files.readString(file).strip());
                }
                byte[] key = new byte[32];
                new SecureRandom().nextBytes(key);
                ownerOnlyDirectories(file.toAbsolutePath().getParent());
                createOwnerOnly(file);
                Files.writeString(file, Base64.getEncoder().encodeToString(key));
                return key;
            } catch (IOException e) {
                throw new UncheckedIOException("Could not read or make the CLI key " + file, e);
            }
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
