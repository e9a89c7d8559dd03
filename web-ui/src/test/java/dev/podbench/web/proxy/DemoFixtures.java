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
                .put("costUsd", active ? "0.4213" : "1.0870");
        if (!active) {
            s.put("endedAt", STARTED.minusSeconds(3600).toString());
        }
        return s;
    }

    static void answer(String service, HttpServerRequest request, Buffer body) {
        String path = request.path();
        Object answer;
        int status = 200;
        if (path.equals("/api/repositories")) {
            answer = request.method().name().equals("POST") ? new JsonObject(body).put("id", "new-repo") : new JsonArray().add(repository());
            status = request.method().name().equals("POST") ? 201 : 200;
        } else if (path.equals("/api/repositories/" + REPOSITORY_ID + "/branches")) {
            answer = new JsonObject().put("defaultBranch", "main")
                    .put("branches", new JsonArray().add("feature/x").add("main").add("release/2.0")).put("truncated", false);
        } else if (path.equals("/api/sessions") && request.method().name().equals("POST")) {
            answer = new JsonObject().put("error", "repository pod unavailable").put("detail", "capacity reached (2 pods)");
            status = 503;
        } else if (path.equals("/api/sessions")) {
            answer = new JsonArray().add(session(ACTIVE)).add(session(ENDED));
        } else if (path.endsWith("/worktree")) {
            answer = new JsonObject().put("branch", "podbench/demo/0b9d3c1e")
                    .put("dirtyFiles", new JsonArray()
                            .add(new JsonObject().put("path", "src/main/java/App.java").put("status", "M"))
                            .add(new JsonObject().put("path", "notes.md").put("status", "??")))
                    .put("unpushedCommits", new JsonArray()
                            .add(new JsonObject().put("sha", "3f2a9c1d5e7b8a90").put("subject", "Add health endpoint")))
                    .put("ahead", 1).put("behind", 0).put("comparedTo", "origin/podbench/demo/0b9d3c1e");
        } else if (path.startsWith("/api/sessions/")) {
            answer = session(path.split("/")[3]);
        } else {
            answer = new JsonObject().put("service", service);
        }
        request.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(answer.toString());
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
        ws.textMessageHandler(text -> {
            JsonObject frame = new JsonObject(text);
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
