package dev.podbench.embedded;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PostgresServerTest {

    @BeforeAll
    static void quiet() {
        QuietLogging.apply();
    }

    @Test
    void temporaryServerCreatesDatabasesAndIsDeletedOnClose() throws Exception {
        Path dataDir;
        long t0 = System.nanoTime();
        try (PostgresServer pg = PostgresServer.start(null, 0)) {
            System.out.printf("postgres (temporary) started in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            dataDir = pg.dataDirectory();
            assertTrue(pg.port() > 0);
            assertEquals("postgresql://127.0.0.1:" + pg.port() + "/orders", pg.reactiveUrl("orders"));
            pg.createDatabase("orders");
            pg.createDatabase("orders"); // idempotent
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("orders"), pg.username(), pg.password());
                 Statement st = c.createStatement()) {
                st.execute("CREATE TABLE t (id int primary key, name text)");
                st.execute("INSERT INTO t VALUES (1, 'ü')");
                try (ResultSet rs = st.executeQuery("SELECT name, current_database(), inet_server_addr()::text FROM t")) {
                    assertTrue(rs.next());
                    assertEquals("ü", rs.getString(1));
                    assertEquals("orders", rs.getString(2));
                    assertEquals("127.0.0.1/32", rs.getString(3));
                }
                try (ResultSet rs = st.executeQuery("SHOW listen_addresses")) {
                    assertTrue(rs.next());
                    assertEquals("127.0.0.1", rs.getString(1));
                }
            }
            assertThrows(IllegalArgumentException.class, () -> pg.createDatabase("bad\"name"));
            assertThrows(IllegalArgumentException.class, () -> pg.createDatabase("Upper"));
        }
        assertFalse(Files.exists(dataDir), "temporary data directory deleted");
    }

    @Test
    void persistentDirectoryKeepsDataAcrossRestarts(@TempDir Path tmp) throws Exception {
        Path dir = tmp.resolve("pg");
        int port;
        try (PostgresServer pg = PostgresServer.start(dir, 0)) {
            port = pg.port();
            pg.createDatabase("keep");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("keep"), pg.username(), pg.password());
                 Statement st = c.createStatement()) {
                st.execute("CREATE TABLE kept (v text)");
                st.execute("INSERT INTO kept VALUES ('survives')");
            }
        }
        assertTrue(Files.exists(dir.resolve("PG_VERSION")));
        assertFalse(Files.exists(dir.resolve("postmaster.pid")), "server stopped");
        assertFalse(portOpen(port), "nothing listens after close");

        long t0 = System.nanoTime();
        try (PostgresServer pg = PostgresServer.start(dir, port)) { // same dir, fixed port
            System.out.printf("postgres (existing dir) restarted in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertEquals(port, pg.port());
            pg.createDatabase("keep");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("keep"), pg.username(), pg.password());
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT v FROM kept")) {
                assertTrue(rs.next());
                assertEquals("survives", rs.getString(1));
            }
        }
    }

    @Test
    void aNewDirectoryStartsAsACopyOfATemplateCluster(@TempDir Path tmp) throws Exception {
        Path template = tmp.resolve("template");
        try (PostgresServer pg = PostgresServer.start(template, 0)) {
            pg.createDatabase("from_template");
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("from_template"), pg.username(), pg.password());
                 Statement st = c.createStatement()) {
                st.execute("CREATE TABLE marker (v text)");
                st.execute("INSERT INTO marker VALUES ('copied')");
            }
        }

        Path home = tmp.resolve("home/postgres");
        try (PostgresServer pg = PostgresServer.start(home, 0, template)) {
            try (Connection c = DriverManager.getConnection(pg.jdbcUrl("from_template"), pg.username(), pg.password());
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT v FROM marker")) {
                assertTrue(rs.next());
                assertEquals("copied", rs.getString(1));
                st.execute("CREATE TABLE only_in_the_copy (v text)");
            }
        }
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(home)));
        assertFalse(Files.exists(tmp.resolve("home/postgres.partial")));

        // an existing cluster is never replaced by the template
        try (PostgresServer pg = PostgresServer.start(home, 0, template);
             Connection c = DriverManager.getConnection(pg.jdbcUrl("from_template"), pg.username(), pg.password());
             Statement st = c.createStatement()) {
            st.execute("SELECT * FROM only_in_the_copy");
        }
        // and the template is not changed by its copies
        try (PostgresServer pg = PostgresServer.start(template, 0);
             Connection c = DriverManager.getConnection(pg.jdbcUrl("from_template"), pg.username(), pg.password());
             Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_tables WHERE tablename = 'only_in_the_copy'")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getInt(1));
        }
    }

    static boolean portOpen(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
