package dev.podbench.testkit;

import dev.podbench.embedded.PostgresServer;
import dev.podbench.embedded.QuietLogging;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * A real PostgreSQL for {@code @QuarkusTest}s: one temporary server per test JVM (started on first use, stopped
 * by a shutdown hook), and a fresh, empty database for every {@link #start()} (that is, every Quarkus
 * application start).
 *
 * <p>Returns {@code quarkus.datasource.username}, {@code .password}, {@code .jdbc.url}, {@code .reactive.url}
 * and {@code quarkus.datasource.devservices.enabled=false}.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    private static final String PORT_KEY = "podbench-testkit.postgres.port";

    private String database;

    @Override
    public Map<String, String> start() {
        database = newDatabase();
        return Map.of(
                "quarkus.datasource.username", PostgresServer.USERNAME,
                "quarkus.datasource.password", PostgresServer.PASSWORD,
                "quarkus.datasource.jdbc.url", jdbcUrl(database),
                "quarkus.datasource.reactive.url", reactiveUrl(database),
                "quarkus.datasource.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // the database stays until the server goes away with the JVM
    }

    /** The database this resource created on its last start (null before). */
    public String database() {
        return database;
    }

    /** The port of this JVM's server, starting it if needed. */
    public static int port() {
        return Integer.parseInt(JvmShared.get(PORT_KEY, () -> {
            QuietLogging.apply();
            // stopped (and its directory deleted) by zonky's shutdown hook
            return Integer.toString(PostgresServer.start(null, 0).port());
        }));
    }

    /** Creates a new, uniquely named database on this JVM's server and returns its name. */
    public static String newDatabase() {
        String name = "test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        Properties props = new Properties();
        props.setProperty("user", PostgresServer.USERNAME);
        props.setProperty("password", PostgresServer.PASSWORD);
        // not DriverManager: it refuses a driver registered from another class loader (Quarkus tests)
        try (Connection c = new org.postgresql.Driver().connect(jdbcUrl("postgres"), props);
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return name;
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public static String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port() + "/" + database;
    }
}
