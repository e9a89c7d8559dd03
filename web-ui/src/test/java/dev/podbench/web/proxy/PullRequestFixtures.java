package dev.podbench.web.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the pr-tracker stand-in answers the user {@code demo}: the pull requests a test gives each session (none
 * unless a test says so), per session ({@code GET /api/sessions/{id}/pull-requests}, oldest first) and across
 * sessions ({@code GET /api/pull-requests}, newest first, each with its {@code sessionId}).
 */
public final class PullRequestFixtures {

    private static final Pattern SESSION_LIST = Pattern.compile("/api/sessions/([^/]+)/pull-requests");
    private static final Map<String, List<JsonObject>> BY_SESSION = new ConcurrentHashMap<>();

    /** The session's pull requests from now on (each read answers the latest). */
    public static void set(String sessionId, JsonObject... pullRequests) {
        List<JsonObject> items = new ArrayList<>();
        for (JsonObject pr : pullRequests) {
            items.add(pr.copy().put("sessionId", sessionId));
        }
        BY_SESSION.put(sessionId, List.copyOf(items));
    }

    public static void clear() {
        BY_SESSION.clear();
    }

    /** Answers a pr-tracker path; false for any other path. */
    static boolean answer(HttpServerRequest request) {
        Matcher session = SESSION_LIST.matcher(request.path());
        JsonArray answer;
        if (session.matches()) {
            answer = new JsonArray(new ArrayList<>(BY_SESSION.getOrDefault(session.group(1), List.of())));
        } else if (request.path().equals("/api/pull-requests")) {
            answer = new JsonArray();
            BY_SESSION.values().forEach(prs -> prs.forEach(answer::add));
        } else {
            return false;
        }
        request.response().putHeader("Content-Type", "application/json").end(answer.encode());
        return true;
    }

    private PullRequestFixtures() {
    }
}
