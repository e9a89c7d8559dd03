package dev.podbench.web.proxy;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;

/**
 * Five tiny Vert.x servers standing in for the services. HTTP: answers what it received as JSON
 * ({@code service, method, path, query, authorization, cookie, origin, body}). WebSocket: echoes every frame; the
 * session id {@code flood} instead writes 64 KiB binary frames as fast as the connection takes them (pausing on
 * a full write queue, like the terminal gateway) and reports the bytes written at {@code GET /flood-stats}.
 */
public class UpstreamsTestResource implements QuarkusTestResourceLifecycleManager {

    static final byte[] CHUNK = new byte[64 * 1024];
    private Vertx vertx;
    private final AtomicLong flooded = new AtomicLong();

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        Map<String, String> config = new HashMap<>();
        for (String service : new String[] { "session-service", "terminal-gateway", "chat-gateway", "pr-tracker",
                "cost-service" }) {
            HttpServer server = vertx.createHttpServer()
                    .webSocketHandler(ws -> websocket(service, ws))
                    .requestHandler(request -> http(service, request));
            try {
                server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the " + service + " stand-in", e);
            }
            config.put("podbench.web.services." + service, "http://127.0.0.1:" + server.actualPort());
        }
        return config;
    }

    private void http(String service, HttpServerRequest request) {
        if (request.path().equals("/flood-stats")) {
            request.response().end(String.valueOf(flooded.get()));
            return;
        }
        if (DemoFixtures.isDemo(request.getHeader("Authorization"))) {
            request.body().onSuccess(body -> DemoFixtures.answer(service, request, body));
            return;
        }
        request.body().onSuccess(body -> request.response()
                .putHeader("Content-Type", "application/json")
                .putHeader("X-Upstream", service)
                .setStatusCode(request.path().endsWith("/missing") ? 404 : 200)
                .end(new JsonObject()
                        .put("service", service)
                        .put("method", request.method().name())
                        .put("path", request.path())
                        .put("query", request.query())
                        .put("authorization", request.getHeader("Authorization"))
                        .put("cookie", request.getHeader("Cookie"))
                        .put("origin", request.getHeader("Origin"))
                        .put("body", body.toString())
                        .encode()));
    }

    private void websocket(String service, ServerWebSocket ws) {
        if (ws.path().endsWith("/refused/terminal")) {
            ws.reject(403);
            return;
        }
        if (ws.path().contains("/flood/")) {
            flooded.set(0);
            flood(ws);
            return;
        }
        if (DemoFixtures.isDemo(ws.headers().get("Authorization"))) {
            DemoFixtures.websocket(service, ws);
            return;
        }
        ws.writeTextMessage(new JsonObject().put("service", service).put("path", ws.path())
                .put("query", ws.query())
                .put("authorization", ws.headers().get("Authorization"))
                .put("origin", ws.headers().get("Origin"))
                .put("cookie", ws.headers().get("Cookie")).encode());
        ws.textMessageHandler(ws::writeTextMessage);
        ws.binaryMessageHandler(ws::writeBinaryMessage);
    }

    private void flood(ServerWebSocket ws) {
        boolean[] open = { true };
        ws.closeHandler(v -> open[0] = false);
        Runnable[] pump = new Runnable[1];
        pump[0] = () -> {
            while (open[0] && !ws.writeQueueFull()) {
                ws.writeBinaryMessage(Buffer.buffer(CHUNK));
                flooded.addAndGet(CHUNK.length);
            }
            if (open[0]) {
                ws.drainHandler(v -> vertx.runOnContext(x -> pump[0].run()));
            }
        };
        pump[0].run();
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close();
        }
    }
}
