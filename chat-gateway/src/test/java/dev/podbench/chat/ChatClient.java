package dev.podbench.chat;

import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

/** A chat WebSocket as a browser tab (or a CLI) uses it; collects every frame it receives. */
final class ChatClient implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    final List<JsonObject> frames = new CopyOnWriteArrayList<>();
    private final WebSocketClient client;
    private final WebSocket socket;
    private volatile Integer closeCode;

    private ChatClient(WebSocketClient client, WebSocket socket) {
        this.client = client;
        this.socket = socket;
        socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
        socket.closeHandler(v -> closeCode = socket.closeStatusCode() == null ? -1 : (int) socket.closeStatusCode());
    }

    /** Connects; {@code token} and {@code origin} may be null (no header). */
    static ChatClient connect(Vertx vertx, URI base, String sessionId, String token, String origin) {
        // events may carry a whole 100 KiB message: above Vert.x' 64 KiB default frame size
        WebSocketClient client = vertx.createWebSocketClient(new WebSocketClientOptions()
                .setMaxFrameSize(4 * 1024 * 1024).setMaxMessageSize(4 * 1024 * 1024));
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost(base.getHost()).setPort(base.getPort())
                .setURI("/api/sessions/" + sessionId + "/chat")
                // Vert.x sends an Origin of its own unless told not to; null means "no Origin header"
                .setAllowOriginHeader(origin != null);
        if (token != null) {
            options.addHeader("Authorization", "Bearer " + token);
        }
        if (origin != null) {
            options.addHeader("Origin", origin);
        }
        try {
            // handlers attached on the event loop as the upgrade completes: no frame (or close) slips by
            return client.connect(options).map(socket -> new ChatClient(client, socket))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            client.close();
            throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
        }
    }

    /** The HTTP status an upgrade was refused with. */
    static int refusedStatus(Vertx vertx, URI base, String sessionId, String token, String origin) {
        try (ChatClient c = connect(vertx, base, sessionId, token, origin)) {
            throw new AssertionError("the upgrade was accepted");
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw e;
        }
    }

    void send(JsonObject frame) {
        send(frame.encode());
    }

    void send(String raw) {
        await().atMost(TIMEOUT).until(() -> socket.writeTextMessage(raw).toCompletionStage().toCompletableFuture()
                .handle((ok, e) -> e == null).get());
    }

    void message(String text) {
        send(new JsonObject().put("type", "message").put("text", text));
    }

    /** Transcript events ({@code {"seq":N,"event":{…}}} frames) received so far. */
    List<JsonObject> events() {
        return frames.stream().filter(f -> "event".equals(f.getString("type"))).toList();
    }

    List<JsonObject> events(String kind) {
        return events().stream().filter(f -> kind.equals(f.getJsonObject("event").getString("kind"))).toList();
    }

    JsonObject awaitEvent(Predicate<JsonObject> event) {
        return await().atMost(TIMEOUT).until(
                () -> events().stream().filter(f -> event.test(f.getJsonObject("event"))).findFirst(),
                Optional::isPresent).orElseThrow();
    }

    List<JsonObject> awaitEvents(String kind, int count) {
        await().atMost(TIMEOUT).until(() -> events(kind).size() >= count);
        return events(kind);
    }

    JsonObject awaitFrame(Predicate<JsonObject> frame) {
        return await().atMost(TIMEOUT).until(() -> frames.stream().filter(frame).findFirst(), Optional::isPresent)
                .orElseThrow();
    }

    /** The latest status frame. */
    Optional<JsonObject> status() {
        List<JsonObject> statuses = frames.stream().filter(f -> "status".equals(f.getString("type"))).toList();
        return statuses.isEmpty() ? Optional.empty() : Optional.of(statuses.get(statuses.size() - 1));
    }

    void awaitStatus(String state) {
        await().atMost(TIMEOUT).until(() -> status().map(s -> state.equals(s.getString("state"))).orElse(false));
    }

    JsonObject awaitError(String code) {
        return awaitFrame(f -> "error".equals(f.getString("type")) && code.equals(f.getString("code")));
    }

    int awaitClose() {
        await().atMost(TIMEOUT).until(() -> closeCode != null);
        return closeCode;
    }

    boolean isOpen() {
        return closeCode == null;
    }

    long lastSeq() {
        List<JsonObject> events = events();
        return events.isEmpty() ? 0 : events.get(events.size() - 1).getLong("seq");
    }

    @Override
    public void close() {
        if (closeCode == null) {
            socket.close();
        }
        client.close();
    }
}
