package dev.podbench.bench;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;

/** One terminal connection as the dashboard makes it: acks every frame once "rendered" (received). */
final class Term implements AutoCloseable {

    private final WebSocket ws;
    private final AtomicLong bytes = new AtomicLong();
    private final LinkedBlockingQueue<Long> frameTimes = new LinkedBlockingQueue<>();
    private final CompletableFuture<Void> firstOutput = new CompletableFuture<>();
    private volatile String marker;
    private volatile CompletableFuture<Void> markerSeen;
    private final StringBuilder tail = new StringBuilder();

    private Term(WebSocket ws) {
        this.ws = ws;
        ws.binaryMessageHandler(this::onOutput);
        ws.textMessageHandler(text -> {
        });
    }

    static WebSocketClient client(Vertx vertx) {
        return vertx.createWebSocketClient(new WebSocketClientOptions().setMaxFrameSize(1 << 20)
                .setMaxMessageSize(1 << 20).setConnectTimeout(30_000).setMaxConnections(10_000));
    }

    static Term open(WebSocketClient client, int port, String sessionId, String name, String token) throws Exception {
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
                .setURI("/api/sessions/" + sessionId + "/terminal?cols=120&rows=40" + (name == null ? "" : "&name=" + name))
                .setAllowOriginHeader(false) // a non-browser client: no Origin, like the CLI case
                .addHeader("Authorization", "Bearer " + token);
        WebSocket ws = client.connect(options).toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
        return new Term(ws);
    }

    private void onOutput(Buffer buffer) {
        long now = System.nanoTime();
        int n = buffer.length();
        bytes.addAndGet(n);
        frameTimes.offer(now);
        firstOutput.complete(null);
        ws.writeTextMessage("{\"type\":\"ack\",\"bytes\":" + n + "}");
        String m = marker;
        if (m != null) {
            // Keep a short tail so a marker split across frames is still seen.
            int from = Math.max(0, n - 256);
            tail.append(buffer.getString(from, n, StandardCharsets.ISO_8859_1.name()));
            if (tail.indexOf(m) >= 0) {
                markerSeen.complete(null);
            }
            if (tail.length() > 512) {
                tail.delete(0, tail.length() - 256);
            }
        }
    }

    void awaitFirstOutput() throws Exception {
        firstOutput.get(60, TimeUnit.SECONDS);
    }

    long bytes() {
        return bytes.get();
    }

    void type(String keys) {
        ws.writeBinaryMessage(Buffer.buffer(keys.getBytes(StandardCharsets.UTF_8)));
    }

    /** Types {@code command} and returns once {@code doneMarker} appears in the output. */
    CompletableFuture<Void> runUntil(String command, String doneMarker) {
        tail.setLength(0);
        markerSeen = new CompletableFuture<>();
        marker = doneMarker;
        type(command);
        return markerSeen;
    }

    /** Sends one key and returns the nanoseconds until the next output frame (its echo). */
    long echo(String key) throws InterruptedException {
        frameTimes.clear();
        long start = System.nanoTime();
        type(key);
        Long at = frameTimes.poll(5, TimeUnit.SECONDS);
        // A lost or very late echo counts as 5 s rather than aborting the run.
        return at == null ? TimeUnit.SECONDS.toNanos(5) : at - start;
    }

    /** Waits until no output arrived for {@code quietMillis}. */
    void settle(long quietMillis) throws InterruptedException {
        while (frameTimes.poll(quietMillis, TimeUnit.MILLISECONDS) != null) {
            frameTimes.clear();
        }
    }

    @Override
    public void close() {
        ws.close();
    }
}
