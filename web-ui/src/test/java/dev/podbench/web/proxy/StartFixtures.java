package dev.podbench.web.proxy;

import java.time.Instant;
import java.util.List;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The stand-ins' sessions of the start-steps and Activity browser tests, kept out of the sidebar list (the other
 * tests count its rows): one {@code starting} whose steps the test moves on, one that {@code failed} at the fetch,
 * and an ended one that opened a pull request (merged) and ran out of its budget.
 */
public final class StartFixtures {

    public static final String STARTING = "a1b2c3d4-0000-4000-8000-00000000000a";
    public static final String FAILED = "a1b2c3d4-0000-4000-8000-00000000000b";
    public static final String SHIPPED = "a1b2c3d4-0000-4000-8000-00000000000c";
    public static final String FETCH_FAILURE = "git fetch failed: could not read from the remote repository";
    public static final Instant CREATED = Instant.now().minusSeconds(90);

    /** Sessions the list answers besides the demo user's two (others' sessions, a failed one), as a test sets them. */
    private static volatile JsonArray alsoListed = new JsonArray();

    public static void listAlso(JsonArray sessions) {
        alsoListed = sessions.copy();
    }

    static JsonArray alsoListed() {
        return alsoListed;
    }

    /** The session that failed at the fetch, as the list shows it. */
    public static JsonObject failedSession() {
        return session(FAILED);
    }

    /** The steps the starting session has begun, as the test sets them: [step, startedAt, finishedAt?]... */
    private static volatile JsonArray startingSteps = new JsonArray();

    /** The starting session has begun these steps, each finished where the next begins (the last one runs). */
    public static JsonArray begin(List<String> steps, List<Instant> at) {
        JsonArray list = new JsonArray();
        for (int i = 0; i < steps.size(); i++) {
            JsonObject step = new JsonObject().put("step", steps.get(i)).put("startedAt", at.get(i).toString());
            if (i + 1 < steps.size()) {
                step.put("finishedAt", at.get(i + 1).toString());
            }
            list.add(step);
        }
        startingSteps = list;
        return list;
    }

    /** The answer for one of these sessions' paths, or null when the path is not theirs. */
    static Object answer(String path) {
        String[] parts = path.split("/");
        if (parts.length < 4 || !parts[1].equals("api") || !parts[2].equals("sessions")
                || !List.of(STARTING, FAILED, SHIPPED).contains(parts[3])) {
            return null;
        }
        String id = parts[3];
        String tail = parts.length > 4 ? parts[4] : "";
        return switch (tail) {
            case "" -> session(id);
            case "timeline" -> timeline(id);
            case "pull-requests" -> SHIPPED.equals(id) ? new JsonArray().add(new JsonObject()
                    .put("url", "https://github.com/example/podbench-demo/pull/42").put("number", 42)
                    .put("title", "Fix the login redirect").put("state", "merged")
                    .put("detectedAt", CREATED.plusSeconds(40).toString())
                    .put("checkedAt", CREATED.plusSeconds(70).toString())) : new JsonArray();
            case "cost" -> new JsonObject().put("sessionId", id).put("totalCostUsd", SHIPPED.equals(id) ? "5.0100" : "0")
                    .put("updatedAt", CREATED.plusSeconds(60).toString())
                    .put("budget", SHIPPED.equals(id) ? new JsonObject().put("scope", "session").put("limitUsd", "5.00")
                            .put("spentUsd", "5.0100").put("state", "exceeded") : null);
            case "chat" -> new JsonObject().put("events", new JsonArray()).put("lastSeq", 0).put("hasMore", false);
            default -> new JsonObject();
        };
    }

    private static JsonObject session(String id) {
        JsonObject s = new JsonObject().put("id", id).put("repositoryId", DemoFixtures.REPOSITORY_ID)
                .put("owner", DemoFixtures.USER).put("createdAt", CREATED.toString()).put("costUsd", "0");
        if (STARTING.equals(id)) {
            return s.put("branch", "feature/steps").put("state", "starting").put("startSteps", startingSteps);
        }
        if (FAILED.equals(id)) {
            return s.put("branch", "feature/unreachable").put("state", "failed").put("failureReason", FETCH_FAILURE)
                    .put("endedAt", CREATED.plusSeconds(5).toString())
                    .put("startSteps", new JsonArray()
                            .add(step("pod", CREATED.plusMillis(20), CREATED.plusMillis(420)))
                            .add(step("fetch", CREATED.plusMillis(420), null)));
        }
        return s.put("branch", "fix/shipped").put("state", "ended").put("baseRef", "origin/main")
                .put("startedAt", CREATED.plusSeconds(2).toString()).put("endedAt", CREATED.plusSeconds(80).toString())
                .put("startSteps", new JsonArray()
                        .add(step("pod", CREATED.plusMillis(10), CREATED.plusMillis(310)))
                        .add(step("fetch", CREATED.plusMillis(310), CREATED.plusMillis(1510)))
                        .add(step("worktree", CREATED.plusMillis(1510), CREATED.plusSeconds(2))));
    }

    private static JsonArray timeline(String id) {
        JsonObject s = session(id);
        JsonArray entries = new JsonArray().add(new JsonObject().put("kind", "created").put("at", s.getString("createdAt"))
                .put("by", DemoFixtures.USER).put("detail", new JsonObject().put("branch", s.getString("branch"))));
        if (FAILED.equals(id)) {
            entries.add(new JsonObject().put("kind", "failed").put("at", s.getString("endedAt"))
                    .put("detail", new JsonObject().put("reason", FETCH_FAILURE)));
        } else if (SHIPPED.equals(id)) {
            entries.add(new JsonObject().put("kind", "started").put("at", s.getString("startedAt")));
            entries.add(new JsonObject().put("kind", "ended").put("at", s.getString("endedAt")).put("by", DemoFixtures.USER)
                    .put("detail", new JsonObject().put("reason", "user")));
        }
        return entries;
    }

    private static JsonObject step(String name, Instant startedAt, Instant finishedAt) {
        JsonObject step = new JsonObject().put("step", name).put("startedAt", startedAt.toString());
        return finishedAt == null ? step : step.put("finishedAt", finishedAt.toString());
    }

    private StartFixtures() {
    }
}
