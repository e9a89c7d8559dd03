package dev.podbench.web.proxy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the cost-service stand-in answers the user {@code demo}: a small ledger around today (the two demo sessions,
 * three cheaper sessions of the same repository, one automation task), grouped as {@code GET /api/costs} groups
 * (JSON or CSV), the sessions' cost and turns, and budgets. The active session's total and its budget's spend can
 * be moved by a test ({@link #activeSessionCost}, {@link #activeBudget}).
 */
public final class CostFixtures {

    public static final String TASK_SESSION = "task-nightly-deps";
    public static final String SONNET = "claude-sonnet-4-5";
    public static final String OPUS = "claude-opus-4-1";
    public static final String HAIKU = "claude-haiku-4-5";
    public static final String DEFAULT_ACTIVE_COST = "0.4213";

    private static volatile String activeCost = DEFAULT_ACTIVE_COST;
    /** The active session's budget limit, or null for none. */
    private static volatile String activeLimit = "5.00";

    /** One usage row of the stand-in ledger, {@code daysAgo} before today (local). */
    record Entry(int daysAgo, String session, String source, String user, String model, String cost, long input,
            long output, long cacheRead, long cacheCreation) {
    }

    static List<Entry> ledger() {
        return List.of(
                new Entry(0, DemoFixtures.ACTIVE, "session", DemoFixtures.USER, SONNET, activeCost, 1200, 800, 90_000, 4000),
                new Entry(3, DemoFixtures.ENDED, "session", DemoFixtures.USER, OPUS, "1.0870", 3000, 1500, 40_000, 9000),
                new Entry(5, "s-cheap-1", "session", DemoFixtures.USER, SONNET, "0.2000", 500, 300, 20_000, 1000),
                new Entry(6, "s-cheap-2", "session", DemoFixtures.USER, SONNET, "0.2500", 500, 300, 25_000, 1000),
                new Entry(8, "s-cheap-3", "session", DemoFixtures.USER, SONNET, "0.3000", 600, 300, 30_000, 1000),
                new Entry(1, TASK_SESSION, "task", DemoFixtures.USER, HAIKU, "0.0500", 400, 200, 10_000, 500));
    }

    /** The active session's running total (session-service's {@code costUsd} follows it, as in the real system). */
    public static String activeSessionCost() {
        return activeCost;
    }

    /** The active session's running total, as cost-service would answer after a new turn. */
    public static void activeSessionCost(String total) {
        activeCost = total;
    }

    /** The active session's budget limit ({@code null}: none applies). */
    public static void activeBudget(String limit) {
        activeLimit = limit;
    }

    public static void reset() {
        activeCost = DEFAULT_ACTIVE_COST;
        activeLimit = "5.00";
    }

    static void answer(HttpServerRequest request, Buffer body) {
        String path = request.path();
        Object answer;
        if (path.equals("/api/costs")) {
            if (String.valueOf(request.getHeader("Accept")).contains("text/csv")) {
                request.response().putHeader("Content-Type", "text/csv").end(csv(request));
                return;
            }
            answer = report(request);
        } else if (path.equals("/api/budgets") && request.method().name().equals("PUT")) {
            JsonObject asked = new JsonObject(body);
            activeLimit = asked.getString("limitUsd");
            answer = budget();
        } else if (path.endsWith("/cost/turns")) {
            answer = turns(path.split("/")[3]);
        } else if (path.endsWith("/cost")) {
            answer = sessionCost(path.split("/")[3]);
        } else {
            answer = new JsonObject().put("service", "cost-service");
        }
        request.response().putHeader("Content-Type", "application/json").end(answer.toString());
    }

    private static JsonObject budget() {
        BigDecimal spent = new BigDecimal(activeCost);
        BigDecimal limit = new BigDecimal(activeLimit);
        String state = spent.compareTo(limit) >= 0 ? "exceeded"
                : spent.compareTo(limit.multiply(new BigDecimal("0.8"))) >= 0 ? "warning" : "ok";
        return new JsonObject().put("budgetId", "b-1").put("scope", "session").put("id", DemoFixtures.ACTIVE)
                .put("limitUsd", activeLimit).put("period", "total").put("periodStart", Instant.EPOCH.toString())
                .put("spentUsd", activeCost).put("state", state);
    }

    private static List<Entry> of(String session) {
        return ledger().stream().filter(e -> e.session().equals(session)).toList();
    }

    private static JsonObject sessionCost(String session) {
        List<Entry> entries = of(session);
        JsonObject cost = spend(entries).put("sessionId", session).put("totalCostUsd", sum(entries).toPlainString())
                .put("byModel", new JsonArray(entries.stream().map(e -> spend(List.of(e)).put("model", e.model())).toList()))
                .put("updatedAt", Instant.now().toString());
        cost.remove("costUsd");
        if (session.equals(DemoFixtures.ACTIVE) && activeLimit != null) {
            cost.put("budget", budget());
        }
        return cost;
    }

    /** Each entry of the stand-in ledger is one session total; its turns split it in two. */
    private static JsonObject turns(String session) {
        JsonArray turns = new JsonArray();
        for (Entry e : of(session)) {
            BigDecimal half = new BigDecimal(e.cost()).divide(BigDecimal.valueOf(2));
            Instant at = Instant.now().minusSeconds(600);
            turns.add(turn(2, at.plusSeconds(300), e, half)).add(turn(1, at, e, new BigDecimal(e.cost()).subtract(half)));
        }
        return new JsonObject().put("sessionId", session).put("turns", turns).put("truncated", false);
    }

    private static JsonObject turn(int n, Instant at, Entry e, BigDecimal cost) {
        return new JsonObject().put("turn", n).put("recordedAt", at.toString()).put("model", e.model())
                .put("costUsd", cost.toPlainString()).put("inputTokens", e.input() / 2).put("outputTokens", e.output() / 2)
                .put("cacheReadTokens", e.cacheRead() / 2).put("cacheCreationTokens", e.cacheCreation() / 2);
    }

    private static List<Entry> inRange(HttpServerRequest request) {
        LocalDate from = LocalDate.parse(request.getParam("from"));
        LocalDate to = LocalDate.parse(request.getParam("to"));
        return ledger().stream().filter(e -> {
            LocalDate day = LocalDate.now().minusDays(e.daysAgo());
            return !day.isBefore(from) && !day.isAfter(to);
        }).toList();
    }

    private static String value(Entry e, String dimension) {
        return switch (dimension) {
            case "day" -> LocalDate.now().minusDays(e.daysAgo()).toString();
            case "repository" -> DemoFixtures.REPOSITORY_ID;
            case "user" -> e.user();
            case "model" -> e.model();
            case "source" -> e.source();
            case "session" -> e.session();
            default -> throw new IllegalArgumentException("the stand-in does not group by " + dimension);
        };
    }

    private static Map<List<String>, List<Entry>> grouped(HttpServerRequest request) {
        List<String> dimensions = List.of(request.getParam("groupBy").split(","));
        Map<List<String>, List<Entry>> groups = new LinkedHashMap<>();
        for (Entry e : inRange(request)) {
            groups.computeIfAbsent(dimensions.stream().map(d -> value(e, d)).toList(), k -> new ArrayList<>()).add(e);
        }
        return groups.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<List<String>, List<Entry>> g) -> sum(g.getValue())).reversed())
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
    }

    private static JsonObject report(HttpServerRequest request) {
        List<String> dimensions = List.of(request.getParam("groupBy").split(","));
        JsonArray rows = new JsonArray();
        grouped(request).forEach((key, entries) -> {
            JsonObject group = new JsonObject();
            for (int i = 0; i < dimensions.size(); i++) {
                group.put(dimensions.get(i), key.get(i));
            }
            rows.add(spend(entries).put("group", group).put("sessions", sessions(entries)));
        });
        return new JsonObject().put("from", request.getParam("from")).put("to", request.getParam("to"))
                .put("groupBy", new JsonArray(dimensions)).put("totalCostUsd", sum(inRange(request)).toPlainString())
                .put("rows", rows);
    }

    private static String csv(HttpServerRequest request) {
        StringBuilder csv = new StringBuilder(request.getParam("groupBy")
                + ",costUsd,turns,sessions,inputTokens,outputTokens,cacheReadTokens,cacheCreationTokens\n");
        grouped(request).forEach((key, entries) -> {
            JsonObject s = spend(entries);
            csv.append(String.join(",", key)).append(',').append(s.getString("costUsd")).append(',')
                    .append(s.getLong("turns")).append(',').append(sessions(entries)).append(',')
                    .append(s.getLong("inputTokens")).append(',').append(s.getLong("outputTokens")).append(',')
                    .append(s.getLong("cacheReadTokens")).append(',').append(s.getLong("cacheCreationTokens")).append('\n');
        });
        return csv.toString();
    }

    private static int sessions(List<Entry> entries) {
        Set<String> ids = new LinkedHashSet<>();
        entries.forEach(e -> ids.add(e.session()));
        return ids.size();
    }

    private static BigDecimal sum(List<Entry> entries) {
        return entries.stream().map(e -> new BigDecimal(e.cost())).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static JsonObject spend(List<Entry> entries) {
        return new JsonObject().put("costUsd", sum(entries).toPlainString()).put("turns", 2L * entries.size())
                .put("inputTokens", entries.stream().mapToLong(Entry::input).sum())
                .put("outputTokens", entries.stream().mapToLong(Entry::output).sum())
                .put("cacheReadTokens", entries.stream().mapToLong(Entry::cacheRead).sum())
                .put("cacheCreationTokens", entries.stream().mapToLong(Entry::cacheCreation).sum());
    }

    private CostFixtures() {
    }
}
