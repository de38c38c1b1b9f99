package org.stackport.support;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A real, throw-away PostgreSQL server for tests, run from the Debian binaries
 * ({@code /usr/lib/postgresql/<newest>/bin}) in a temporary directory, listening on a free port of
 * 127.0.0.1 only, with trust authentication and an empty database {@code stackport}. Durability is
 * switched off (no fsync), which is what makes it start in about a second.
 *
 * <p>initdb refuses to run as root, and tests run as root here and in CI: then every binary runs as
 * the {@code postgres} OS user (via {@code runuser}) and the directory belongs to that user.
 *
 * <p>{@link #close()} stops the server and deletes its directory; a JVM shutdown hook does the same if
 * a test forgets or the run is interrupted. Set {@code -Dstackport.test.postgres-bin=/path/to/bin} to use
 * binaries from elsewhere.
 */
public final class TestPostgres implements AutoCloseable {

    public static final String DATABASE = "stackport";
    public static final String USERNAME = "postgres";

    private static final Path DEBIAN_VERSIONS = Path.of("/usr/lib/postgresql");
    private static final String OS_USER = "postgres";
    private static final long TIMEOUT_SECONDS = 60;

    private final Path bin;
    private final Path directory;
    private final Path data;
    private final Path log;
    private final boolean asPostgresUser;
    private final int port;
    private final Thread shutdownHook;
    private final AtomicBoolean stopped = new AtomicBoolean();

    private TestPostgres(Path bin, Path directory, boolean asPostgresUser, int port) {
        this.bin = bin;
        this.directory = directory;
        this.data = directory.resolve("data");
        this.log = directory.resolve("postgres.log");
        this.asPostgresUser = asPostgresUser;
        this.port = port;
        this.shutdownHook = new Thread(this::stopQuietly, "test-postgres-stop-" + port);
    }

    /** Initialises a new cluster, starts it and creates the database {@value #DATABASE}. */
    public static TestPostgres start() {
        Path bin = binaries();
        boolean root = new UnixSystem().getUid() == 0;
        Path directory;
        try {
            directory = Files.createTempDirectory("stackport-postgres-");
            if (root) {
                handToPostgresUser(directory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the test PostgreSQL", e);
        }
        TestPostgres postgres = new TestPostgres(bin, directory, root, freePort());
        Runtime.getRuntime().addShutdownHook(postgres.shutdownHook);
        try {
            postgres.initdb();
            postgres.startServer();
            postgres.createDatabase(DATABASE);
            return postgres;
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    public String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** Command-line style Spring properties that point the application at this server. */
    public List<String> springArguments() {
        return List.of(
                "--spring.datasource.url=" + jdbcUrl(),
                "--spring.datasource.username=" + USERNAME,
                "--spring.datasource.password=");
    }

    /** Creates another empty database, for a test that must not share {@value #DATABASE}. */
    public String createDatabase(String name) {
        if (!name.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Not a plain database name: " + name);
        }
        try (var connection = DriverManager.getConnection(jdbcUrl("postgres"), USERNAME, "");
             var statement = connection.createStatement()) {
            statement.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + name + " on the test PostgreSQL", e);
        }
        return jdbcUrl(name);
    }

    /** Stops the server (fast shutdown: open connections are cut) and deletes its directory. */
    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing left to do
        }
    }

    private void initdb() {
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USERNAME,
                "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync", "--no-instructions"));
        try {
            // Loopback TCP only: no Unix socket (its default directory may not exist or be writable).
            Files.writeString(data.resolve("pg_hba.conf"), "host all all 127.0.0.1/32 trust\n");
            Files.writeString(data.resolve("postgresql.conf"), """

                    listen_addresses = '127.0.0.1'
                    port = %d
                    unix_socket_directories = ''
                    fsync = off
                    synchronous_commit = off
                    full_page_writes = off
                    max_connections = 50
                    shared_buffers = 32MB
                    """.formatted(port), StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot configure the test PostgreSQL in " + data, e);
        }
    }

    private void startServer() {
        run(List.of(bin.resolve("pg_ctl").toString(), "start", "-D", data.toString(), "-l", log.toString(),
                "-w", "-t", Long.toString(TIMEOUT_SECONDS)));
    }

    private void stopQuietly() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            if (Files.exists(data.resolve("postmaster.pid"))) {
                run(List.of(bin.resolve("pg_ctl").toString(), "stop", "-D", data.toString(), "-m", "fast",
                        "-w", "-t", Long.toString(TIMEOUT_SECONDS)));
            }
        } catch (RuntimeException e) {
            System.err.println("Could not stop the test PostgreSQL on port " + port + ": " + e.getMessage());
        } finally {
            deleteRecursively(directory);
        }
    }

    /** Runs one PostgreSQL binary to its end (as the postgres user when we are root); fails with its output. */
    private void run(List<String> command) {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            String runuser = Files.isExecutable(Path.of("/usr/sbin/runuser")) ? "/usr/sbin/runuser" : "runuser";
            full.addAll(List.of(runuser, "-u", OS_USER, "--"));
        }
        full.addAll(command);
        Path output = directory.resolve("command.out");
        try {
            // The server's own directory as working directory: the postgres user may not enter ours.
            Process process = new ProcessBuilder(full).directory(directory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", full) + " did not finish within "
                        + TIMEOUT_SECONDS + " s" + details(output));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", full) + " failed with exit code "
                        + process.exitValue() + details(output));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + String.join(" ", full), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + String.join(" ", full), e);
        }
    }

    private String details(Path output) {
        return "\n--- output ---\n" + readOrEmpty(output) + "\n--- server log (" + log + ") ---\n" + readOrEmpty(log);
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }

    private static Path binaries() {
        String configured = System.getProperty("stackport.test.postgres-bin");
        if (configured != null && !configured.isBlank()) {
            Path bin = Path.of(configured);
            if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("pg_ctl"))) {
                throw new IllegalStateException("stackport.test.postgres-bin=" + configured
                        + " holds no initdb and pg_ctl");
            }
            return bin;
        }
        return newestDebianVersion().orElseThrow(() -> new IllegalStateException("""
                No PostgreSQL server binaries found in %s/<version>/bin (initdb, pg_ctl). \
                The PostgreSQL tests start a throw-away server from them: install them with \
                `apt-get install -y postgresql` (.ci/run does), or point -Dstackport.test.postgres-bin \
                at a directory holding initdb and pg_ctl.""".formatted(DEBIAN_VERSIONS)));
    }

    private static Optional<Path> newestDebianVersion() {
        if (!Files.isDirectory(DEBIAN_VERSIONS)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_VERSIONS)) {
            return versions
                    .filter(v -> v.getFileName().toString().matches("\\d+(\\.\\d+)?"))
                    .filter(v -> Files.isExecutable(v.resolve("bin/initdb")) && Files.isExecutable(v.resolve("bin/pg_ctl")))
                    .max(Comparator.comparingDouble(v -> Double.parseDouble(v.getFileName().toString())))
                    .map(v -> v.resolve("bin"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + DEBIAN_VERSIONS, e);
        }
    }

    private static void handToPostgresUser(Path directory) throws IOException {
        var users = directory.getFileSystem().getUserPrincipalLookupService();
        try {
            Files.setOwner(directory, users.lookupPrincipalByName(OS_USER));
        } catch (UserPrincipalNotFoundException e) {
            throw new IllegalStateException("The tests run as root, so PostgreSQL must run as the OS user '" + OS_USER
                    + "' (initdb refuses root), but there is no such user. `apt-get install -y postgresql` creates it.", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free loopback port for the test PostgreSQL", e);
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    // best effort: it is a temporary directory
                }
            });
        } catch (IOException e) {
            // best effort, as above
        }
    }
}
