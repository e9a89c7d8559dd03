package dev.podbench.web.proxy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the service stand-ins answer the user {@code demo} (the browser tests' user): a repository, an active and
 * an ended session, a worktree with uncommitted work, a terminal that echoes after a prompt, a chat with history.
 */
public final class DemoFixtures {

    public static final String USER = "demo";
    public static final String REPOSITORY_ID = "7d1f0c52-3f5e-4a59-9a43-2b1d8f0e6a11";
    public static final String ACTIVE = "0b9d3c1e-8f2a-4c3b-9d6e-5a4b3c2d1e0f";
    public static final String ENDED = "5c6d7e8f-1a2b-4c3d-8e9f-0a1b2c3d4e5f";
    /** A branch a New Session request is refused for: the active session holds it. */
    public static final String BUSY_BRANCH = "feature/busy";
    /** A chat message that makes the chat stand-in drop the connection and refuse reconnects for a while. */
    public static final String DROP_CHAT = "/drop-connection";
    /** A chat message the chat stand-in refuses as cost-service's budget stop makes chat-gateway refuse it. */
    public static final String OVER_BUDGET_CHAT = "/over-budget";
    private static volatile long chatRefusedUntil;
    private static final Instant STARTED = Instant.now().minusSeconds(47 * 60);

    static boolean isDemo(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        String[] parts = authorization.substring(7).split("\\.");
        if (parts.length < 2) {
            return false;
        }
        try {
            JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8));
            return USER.equals(claims.getString("preferred_username"));
        } catch (RuntimeException e) {
            return false;
        }
    }

    static JsonObject repository() {
        return new JsonObject().put("id", REPOSITORY_ID).put("name", "podbench-demo")
                .put("cloneUrl", "https://github.com/example/podbench-demo.git").put("defaultBranch", "main")
                .put("createdBy", USER).put("createdAt", STARTED.minusSeconds(86400).toString());
    }

    public static JsonObject session(String id) {
        boolean active = ACTIVE.equals(id);
        JsonObject s = new JsonObject().put("id", id).put("repositoryId", REPOSITORY_ID)
                .put("branch", active ? "podbench/demo/0b9d3c1e" : "fix/login-redirect")
                .put("baseRef", "origin/main").put("state", active ? "active" : "ended").put("owner", USER)
                .put("pod", "podbench-demo-0").put("worktreePath", "/workspaces/podbench-demo/wt/" + id)
                .put("createdAt", (active ? STARTED : STARTED.minusSeconds(7200)).toString())
                .put("costUsd", active ? CostFixtures.activeSessionCost() : "1.0870");
        if (!active) {
            s.put("endedAt", STARTED.minusSeconds(3600).toString());
        }
        return s;
    }

    static void answer(String service, HttpServerRequest request, Buffer body) {
        String path = request.path();
        // the start fixtures' sessions answer for every service (their pull requests and cost included)
        Object started = StartFixtures.answer(path);
        if (started == null && service.equals("pr-tracker") && PullRequestFixtures.answer(request)) {
            return;
        }
        if (started == null && service.equals("cost-service")) {
            CostFixtures.answer(request, body);
            return;
        }
        Object answer;
        int status = 200;
        boolean post = request.method().name().equals("POST");
        if (started != null) {
            answer = started;
        } else if (path.equals("/api/repositories") && post && new JsonObject(body).getString("name", "").isBlank()) {
            answer = refusal("name is required", new JsonObject().put("field", "name"));
            status = 400;
        } else if (path.equals("/api/repositories") && post && new JsonObject(body).getString("cloneUrl", "").startsWith("ftp:")) {
            answer = refusal("this kind of URL is not supported: use https://, ssh:// or git@host:path, or file:///path for a repository on this machine",
                    new JsonObject().put("field", "cloneUrl"));
            status = 400;
        } else if (path.equals("/api/repositories")) {
            answer = post ? new JsonObject(body).put("id", "new-repo") : new JsonArray().add(repository());
            status = post ? 201 : 200;
        } else if (path.equals("/api/repositories/" + REPOSITORY_ID + "/branches")) {
            answer = new JsonObject().put("defaultBranch", "main")
                    .put("branches", new JsonArray().add("feature/x").add("main").add("release/2.0")).put("truncated", false);
        } else if (path.equals("/api/sessions") && post && BUSY_BRANCH.equals(new JsonObject(body).getString("branch"))) {
            answer = refusal("branch '" + BUSY_BRANCH + "' is in use by another session",
                    new JsonObject().put("branch", BUSY_BRANCH).put("sessionId", ACTIVE));
            status = 409;
        } else if (path.equals("/api/sessions") && post) {
            answer = new JsonObject().put("error", "repository pod unavailable").put("detail", "capacity reached (2 pods)");
            status = 503;
        } else if (path.equals("/api/sessions")) {
            answer = new JsonArray().add(session(ACTIVE)).add(session(ENDED)).addAll(StartFixtures.alsoListed());
        } else if (path.endsWith("/worktree")) {
            answer = new JsonObject().put("branch", "podbench/demo/0b9d3c1e")
                    .put("dirtyFiles", new JsonArray()
                            .add(new JsonObject().put("path", "src/main/java/App.java").put("status", "M"))
                            .add(new JsonObject().put("path", "notes.md").put("status", "??")))
                    .put("unpushedCommits", new JsonArray()
                            .add(new JsonObject().put("sha", "3f2a9c1d5e7b8a90").put("subject", "Add health endpoint")))
                    .put("ahead", 1).put("behind", 0).put("comparedTo", "origin/podbench/demo/0b9d3c1e");
        } else if (path.endsWith("/timeline")) {
            answer = timeline(path.split("/")[3]);
        } else if (path.equals("/api/sessions/" + ENDED + "/chat/events")) {
            answer = new JsonObject().put("events", new JsonArray()
                    .add(stored(1, new JsonObject().put("kind", "user").put("text", "Why does the login redirect loop?")))
                    .add(stored(2, new JsonObject().put("kind", "assistant_text").put("text",
                            "The callback URL lost its trailing slash; fixed in LoginFilter and covered by a test.")))
                    .add(stored(3, new JsonObject().put("kind", "result").put("isError", false).put("costUsd", "1.0870")
                            .put("numTurns", 9).put("durationMs", 61000))))
                    .put("lastSeq", 3).put("hasMore", false);
        } else if (path.startsWith("/api/sessions/")) {
            answer = session(path.split("/")[3]);
        } else {
            answer = new JsonObject().put("service", service);
        }
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(answer.toString());
    }

    private static JsonObject refusal(String error, JsonObject detail) {
        return new JsonObject().put("error", error).put("detail", detail);
    }

    private static JsonObject stored(long seq, JsonObject event) {
        return new JsonObject().put("seq", seq).put("event", event);
    }

    private static JsonArray timeline(String id) {
        JsonObject session = session(id);
        JsonArray entries = new JsonArray()
                .add(new JsonObject().put("kind", "created").put("at", session.getString("createdAt")).put("by", USER)
                        .put("detail", new JsonObject().put("branch", session.getString("branch")).put("baseRef", "origin/main")))
                .add(new JsonObject().put("kind", "started").put("at", session.getString("createdAt"))
                        .put("detail", new JsonObject().put("pod", "podbench-demo-0")));
        if (session.containsKey("endedAt")) {
            entries.add(new JsonObject().put("kind", "idle-warning").put("at", session.getString("endedAt"))
                    .put("detail", new JsonObject().put("endsAt", session.getString("endedAt"))));
            entries.add(new JsonObject().put("kind", "ended").put("at", session.getString("endedAt")).put("by", USER)
                    .put("detail", new JsonObject().put("reason", "user")));
        }
        return entries;
    }

    static void websocket(String service, ServerWebSocket ws) {
        if (service.equals("terminal-gateway")) {
            ws.writeTextMessage("{\"type\":\"status\",\"mode\":\"tmux\",\"terminal\":\"main\"}");
            ws.writeBinaryMessage(Buffer.buffer("\u001b[1;32mdemo@podbench\u001b[0m:\u001b[1;34m~/podbench-demo\u001b[0m"
                    + " (podbench/demo/0b9d3c1e)$ "));
            ws.binaryMessageHandler(bytes -> ws.writeBinaryMessage(Buffer.buffer(
                    bytes.toString(StandardCharsets.UTF_8).replace("\r", "\r\n"))));
            return;
        }
        if (System.currentTimeMillis() < chatRefusedUntil) {
            ws.close((short) 1011, "unavailable");
            return;
        }
        ws.textMessageHandler(text -> {
            JsonObject frame = new JsonObject(text);
            if ("message".equals(frame.getString("type")) && DROP_CHAT.equals(frame.getString("text"))) {
                chatRefusedUntil = System.currentTimeMillis() + 4000;
                ws.close((short) 1011, "dropped");
                return;
            }
            if ("message".equals(frame.getString("type")) && OVER_BUDGET_CHAT.equals(frame.getString("text"))) {
                ws.writeTextMessage(new JsonObject().put("type", "error").put("code", "budget_exceeded")
                        .put("message", "This session's budget is used up").encode());
                return;
            }
            if ("resume".equals(frame.getString("type"))) {
                ws.writeTextMessage(status("idle"));
                event(ws, 1, new JsonObject().put("kind", "system").put("model", "sonnet"));
                event(ws, 2, new JsonObject().put("kind", "user").put("text", "Add a /health endpoint and a test for it."));
                event(ws, 3, new JsonObject().put("kind", "thinking").put("text", "Look at how routes are declared first."));
                event(ws, 4, new JsonObject().put("kind", "assistant_text").put("text",
                        "I'll add the endpoint next to the existing routes and cover it with a test."));
                event(ws, 5, new JsonObject().put("kind", "tool_use").put("toolUseId", "t1").put("tool", "Write")
                        .put("summary", "src/main/java/Health.java"));
                event(ws, 6, new JsonObject().put("kind", "tool_result").put("toolUseId", "t1").put("isError", false)
                        .put("text", "File created successfully").put("truncated", false));
                event(ws, 7, new JsonObject().put("kind", "assistant_text").put("text",
                        "Done: `GET /health` answers 200 with `{\"status\":\"UP\"}`; `HealthTest` covers it."));
                event(ws, 8, new JsonObject().put("kind", "result").put("isError", false).put("costUsd", "0.4213")
                        .put("numTurns", 4).put("durationMs", 18400));
            } else if ("message".equals(frame.getString("type"))) {
                ws.writeTextMessage(status("working"));
                event(ws, 9, new JsonObject().put("kind", "user").put("text", frame.getString("text")));
            } else if ("interrupt".equals(frame.getString("type"))) {
                ws.writeTextMessage(status("idle"));
                event(ws, 10, new JsonObject().put("kind", "interrupted").put("text", "interrupted"));
            }
        });
    }

    private static String status(String state) {
        return new JsonObject().put("type", "status").put("state", state).put("model", "sonnet").encode();
    }

    private static void event(ServerWebSocket ws, long seq, JsonObject event) {
        ws.writeTextMessage(new JsonObject().put("type", "event").put("seq", seq).put("event", event).encode());
    }

    private DemoFixtures() {
    }
}
