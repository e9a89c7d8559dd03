package dev.podbench.cost.analytics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.podbench.cost.ledger.LedgerEntry;
import dev.podbench.cost.ledger.LedgerStore;
import dev.podbench.http.Caller;
import dev.podbench.testkit.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Every {@code groupBy} of {@code GET /api/costs}, answered from whichever rollup {@link Rollup} picks, against the
 * same report computed here from the raw events: random sessions that cross hours and midnights, several models
 * (one absent), both sources, users, in UTC and in three other time zones (the daily rollups split into local days
 * by their hour bits and the hourly rows of the smaller side; the hourly rollup for {@code hour}), across the nights
 * when New York and Berlin move their clocks, and in Kolkata, whose midnights fall within UTC hours.
 */
@QuarkusTest
class CostRollupExactnessTest {

    /** Both ends' months are partial; New York (03-13) and Berlin (03-27) move their clocks in between. */
    private static final LocalDate FROM = LocalDate.parse("2033-02-20");
    private static final LocalDate TO = LocalDate.parse("2033-04-09");
    private static final List<String> ZONES = List.of("UTC", "Europe/Berlin", "America/New_York", "Asia/Tokyo",
            "Asia/Kolkata");
    private static final List<String> DIMENSIONS = List.of("hour", "day", "week", "month", "repository", "user",
            "model", "source", "session");
    private static final String[] MODELS = {"claude-opus-4-1", "claude-sonnet-4-5", "claude-haiku-4-5", null};

    @Inject
    LedgerStore ledger;

    @Inject
    Pool pool;

    String run;
    List<LedgerEntry> events;

    @BeforeEach
    void seed() {
        run = UUID.randomUUID().toString().substring(0, 8);
        long seed = System.nanoTime();
        Random random = new Random(seed);
        events = new ArrayList<>();
        Instant rangeStart = FROM.atStartOfDay(ZoneId.of("UTC")).toInstant().minus(1, ChronoUnit.DAYS);
        long rangeMinutes = ChronoUnit.MINUTES.between(rangeStart, TO.plusDays(2).atStartOfDay(ZoneId.of("UTC")));
        for (int s = 0; s < 40; s++) {
            String session = "exact-" + run + "-" + s;
            String source = random.nextInt(5) == 0 ? "task" : "session";
            String repository = "repo-" + run;
            String user = "user-" + run + "-" + random.nextInt(4);
            Instant at = rangeStart.plus(random.nextLong(rangeMinutes), ChronoUnit.MINUTES);
            int turns = 1 + random.nextInt(25);
            for (int t = 0; t < turns; t++) {
                at = at.plus(1 + random.nextInt(90), ChronoUnit.MINUTES);
                BigDecimal cost = BigDecimal.valueOf(random.nextInt(5_000_000), 6);
                events.add(new LedgerEntry(UUID.randomUUID().toString(), session, source, repository, user,
                        MODELS[random.nextInt(MODELS.length)], cost, random.nextInt(50_000), random.nextInt(5_000),
                        random.nextInt(100_000), random.nextInt(5_000), "agent-" + session, at));
            }
        }
        // sessions across the local midnights that matter most: the range's ends and the nights clocks move
        int across = 0;
        for (String tz : ZONES) {
            for (LocalDate day : List.of(FROM, LocalDate.parse("2033-03-13"), LocalDate.parse("2033-03-27"),
                    TO.plusDays(1))) {
                String session = "exact-" + run + "-night-" + across++;
                Instant at = day.atStartOfDay(ZoneId.of(tz)).toInstant().minus(3, ChronoUnit.HOURS);
                for (int t = 0; t < 20; t++, at = at.plus(25, ChronoUnit.MINUTES)) {
                    events.add(new LedgerEntry(UUID.randomUUID().toString(), session, "session", "repo-" + run,
                            "user-" + run + "-night", MODELS[t % MODELS.length],
                            BigDecimal.valueOf(random.nextInt(5_000_000), 6), 1000, 100, 10_000, 500,
                            "agent-" + session, at));
                }
            }
        }
        ledger.apply(events).await().indefinitely();
        System.out.printf("CostRollupExactnessTest: %d events, seed %d%n", events.size(), seed);
    }

    @Test
    void everyGroupByInEveryRollupEqualsTheLedger() {
        for (String tz : ZONES) {
            for (String first : DIMENSIONS) {
                assertReportMatches(tz, first, Map.of());
                for (String second : DIMENSIONS) {
                    if (!second.equals(first)) {
                        assertReportMatches(tz, first + "," + second, Map.of());
                    }
                }
            }
        }
    }

    @Test
    void filtersNarrowTheSameExactReports() {
        String user = events.get(0).userId();
        String source = events.get(0).source();
        for (String tz : List.of("UTC", "Europe/Berlin")) {
            for (String groupBy : List.of("day", "week,model", "session", "month,user", "hour")) {
                assertReportMatches(tz, groupBy, Map.of("user", user));
                assertReportMatches(tz, groupBy, Map.of("source", source));
                assertReportMatches(tz, groupBy, Map.of("user", user, "source", source));
            }
        }
    }

    @Test
    void eachReportReadsTheSmallestRollupThatAnswersIt() {
        assertThat(Rollup.of(query("UTC", "day,model"))).isEqualTo(Rollup.DAILY);
        assertThat(Rollup.of(query("Etc/UTC", "session"))).isEqualTo(Rollup.SESSION_DAILY);
        assertThat(Rollup.of(query("UTC", "week,source"))).isEqualTo(Rollup.SESSION_DAILY);
        assertThat(Rollup.of(query("UTC", "hour"))).isEqualTo(Rollup.HOURLY);
        assertThat(Rollup.of(query("Europe/Berlin", "month"))).isEqualTo(Rollup.SESSION_DAILY);
        assertThat(Rollup.of(query("America/New_York", "model,user"))).isEqualTo(Rollup.DAILY);
        assertThat(Rollup.of(query("Europe/Berlin", "hour"))).isEqualTo(Rollup.HOURLY);
        assertThat(Rollup.of(query("Asia/Kolkata", "day"))).isEqualTo(Rollup.SESSION_DAILY);
        String workMem = pool.query("SHOW work_mem").execute().await().indefinitely().iterator().next().getString(0);
        assertThat(workMem).as("the per-session hash aggregate's memory").isEqualTo("32MB");
    }

    private static CostQuery query(String tz, String groupBy) {
        return CostQuery.parse("2033-01-01", "2033-01-31", groupBy, tz, null, null, null,
                new Caller("root", true), 400, 30);
    }

    /** The API's rows (as an admin, over this run's repository) against the same report from the raw events. */
    private void assertReportMatches(String tz, String groupBy, Map<String, String> filters) {
        var request = given().auth().oauth2(TestTokens.admin("root"))
                .queryParam("from", FROM.toString()).queryParam("to", TO.toString())
                .queryParam("groupBy", groupBy).queryParam("tz", tz).queryParam("repositoryId", "repo-" + run);
        filters.forEach(request::queryParam);
        List<Map<String, Object>> rows = request.get("/api/costs").then().statusCode(200)
                .extract().jsonPath().getList("rows");

        Map<Map<String, String>, Totals> actual = new HashMap<>();
        for (Map<String, Object> row : rows) {
            @SuppressWarnings("unchecked")
            Map<String, String> group = (Map<String, String>) row.get("group");
            Totals totals = new Totals();
            totals.cost = new BigDecimal((String) row.get("costUsd"));
            totals.turns = ((Number) row.get("turns")).longValue();
            totals.sessionCount = ((Number) row.get("sessions")).longValue();
            totals.tokens = List.of(((Number) row.get("inputTokens")).longValue(),
                    ((Number) row.get("outputTokens")).longValue(), ((Number) row.get("cacheReadTokens")).longValue(),
                    ((Number) row.get("cacheCreationTokens")).longValue());
            actual.put(group, totals);
        }
        Map<Map<String, String>, Totals> expected = expected(ZoneId.of(tz), List.of(groupBy.split(",")), filters);
        String what = "groupBy=" + groupBy + " tz=" + tz + " " + filters;
        assertThat(actual.keySet()).as(what).isEqualTo(expected.keySet());
        expected.forEach((group, totals) -> {
            Totals got = actual.get(group);
            assertThat(got.cost).as(what + " " + group + " cost").isEqualByComparingTo(totals.cost);
            assertThat(got.turns).as(what + " " + group + " turns").isEqualTo(totals.turns);
            assertThat(got.sessionCount).as(what + " " + group + " sessions").isEqualTo(totals.sessions.size());
            assertThat(got.tokens).as(what + " " + group + " tokens").isEqualTo(totals.tokens);
        });
    }

    private Map<Map<String, String>, Totals> expected(ZoneId zone, List<String> groupBy, Map<String, String> filters) {
        Map<String, Function<LedgerEntry, String>> keys = Map.of(
                "hour", e -> local(e, zone).truncatedTo(ChronoUnit.HOURS).toString().substring(0, 13) + ":00",
                "day", e -> local(e, zone).toLocalDate().toString(),
                "week", e -> local(e, zone).toLocalDate().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY))
                        .toString(),
                "month", e -> local(e, zone).toLocalDate().toString().substring(0, 7),
                "repository", LedgerEntry::repositoryId,
                "user", LedgerEntry::userId,
                "model", LedgerEntry::model,
                "source", LedgerEntry::source,
                "session", LedgerEntry::sessionId);
        Map<Map<String, String>, Totals> expected = new HashMap<>();
        for (LedgerEntry e : events) {
            LocalDate day = local(e, zone).toLocalDate();
            if (day.isBefore(FROM) || day.isAfter(TO)
                    || (filters.containsKey("user") && !filters.get("user").equals(e.userId()))
                    || (filters.containsKey("source") && !filters.get("source").equals(e.source()))) {
                continue;
            }
            Map<String, String> group = new LinkedHashMap<>();
            groupBy.forEach(d -> group.put(d, keys.get(d).apply(e)));
            expected.computeIfAbsent(group, g -> new Totals()).add(e);
        }
        return expected;
    }

    /**
     * When a turn was, locally, as the rollups know it: by its UTC hour (the same as the turn's own time wherever local
     * midnights are whole UTC hours; in Kolkata a turn at 00:10 on the 2nd counts on the 1st, its hour began 23:30).
     */
    private static LocalDateTime local(LedgerEntry e, ZoneId zone) {
        return LocalDateTime.ofInstant(e.recordedAt().truncatedTo(ChronoUnit.HOURS), zone);
    }

    private static final class Totals {
        BigDecimal cost = BigDecimal.ZERO;
        long turns;
        long sessionCount;
        Set<String> sessions = new HashSet<>();
        List<Long> tokens = List.of(0L, 0L, 0L, 0L);

        void add(LedgerEntry e) {
            cost = cost.add(e.costUsd());
            turns++;
            sessions.add(e.sessionId());
            tokens = List.of(tokens.get(0) + e.inputTokens(), tokens.get(1) + e.outputTokens(),
                    tokens.get(2) + e.cacheReadTokens(), tokens.get(3) + e.cacheCreationTokens());
        }
    }
}
