package dev.podbench.cost.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.podbench.embedded.PostgresServer;
import dev.podbench.testkit.PostgresTestResource;

/**
 * An installation upgrading to V4 keeps exact reports: the daily rollups' new {@code hours} bits are filled from the
 * hourly rollup for everything ingested before (a row left at 0 would lose its sessions in every report).
 */
class DailyHoursMigrationTest {

    @Test
    void theHoursOfRowsIngestedBeforeV4AreFilledFromTheHourlyRollup() throws SQLException {
        String url = PostgresTestResource.jdbcUrl(PostgresTestResource.newDatabase());
        try (Connection c = DriverManager.getConnection(url, PostgresServer.USERNAME, PostgresServer.PASSWORD);
             Statement st = c.createStatement()) {
            migrate(st, "V1__ledger_rollups_budgets.sql", "V2__budget_stops.sql");
            st.execute("""
                    INSERT INTO usage_hourly (hour, session_id, model, source, repository_id, user_id, cost_usd, turns,
                            input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens)
                    VALUES ('2026-03-01T09:00Z', 's1', 'opus', 'session', 'r', 'u', 0.5, 2, 1, 1, 1, 1),
                           ('2026-03-01T10:00Z', 's1', 'opus', 'session', 'r', 'u', 0.25, 1, 1, 1, 1, 1),
                           ('2026-03-01T23:00Z', 's1', 'opus', 'session', 'r', 'u', 0.25, 1, 1, 1, 1, 1),
                           ('2026-03-02T00:00Z', 's1', 'haiku', 'session', 'r', 'u', 0.1, 1, 1, 1, 1, 1),
                           ('2026-03-01T05:00Z', 's2', 'opus', 'task', '', '', 0.1, 1, 1, 1, 1, 1),
                           ('2026-03-01T05:00Z', 's2', 'haiku', 'task', '', '', 0.1, 1, 1, 1, 1, 1)
                    """);
            migrate(st, "V3__daily_rollups.sql", "V4__daily_hours.sql"); // V3 fills the daily rollups from the hourly

            assertThat(hours(st, "SELECT day::date || ' ' || session_id || ' ' || model AS k, hours FROM usage_daily"))
                    .containsOnly(Map.entry("2026-03-01 s1 opus", bits(9, 10, 23)),
                            Map.entry("2026-03-02 s1 haiku", bits(0)),
                            Map.entry("2026-03-01 s2 opus", bits(5)),
                            Map.entry("2026-03-01 s2 haiku", bits(5)));
            assertThat(hours(st, "SELECT day::date || ' ' || session_id AS k, hours FROM session_daily"))
                    .containsOnly(Map.entry("2026-03-01 s1", bits(9, 10, 23)), Map.entry("2026-03-02 s1", bits(0)),
                            Map.entry("2026-03-01 s2", bits(5)));
        }
    }

    /** Runs the service's migration scripts as Flyway would, one after the other. */
    private static void migrate(Statement st, String... scripts) throws SQLException {
        for (String script : scripts) {
            try (InputStream in = DailyHoursMigrationTest.class.getResourceAsStream("/db/migration/" + script)) {
                assertThat(in).as(script).isNotNull();
                st.execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static Map<String, Integer> hours(Statement st, String sql) throws SQLException {
        Map<String, Integer> hours = new HashMap<>();
        try (ResultSet rows = st.executeQuery(sql)) {
            while (rows.next()) {
                hours.put(rows.getString("k"), rows.getInt("hours"));
            }
        }
        return hours;
    }

    private static int bits(int... hours) {
        int bits = 0;
        for (int hour : hours) {
            bits |= 1 << hour;
        }
        return bits;
    }
}
