package dev.podbench.terminal.support;

import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A terminal WebSocket client for tests (java.net.http): records output, control frames and the close code, and
 * acknowledges rendered bytes like the dashboard does, unless told not to.
 */
public final class TerminalClient implements AutoCloseable {

    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-?]*[ -/]*[@-~]|\u001b\\][^\u0007\u001b]*(\u0007|\u001b\\\\)|\u001b[()][0-9A-Za-z]|\u001b[=>78MDEc]");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final List<String> controls = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final AtomicLong received = new AtomicLong();
    private final boolean ack;
    private WebSocket ws;
    /** java.net.http allows one outstanding send at a time: every send is chained after the previous one. */
    private CompletableFuture<?> lastSend = CompletableFuture.completedFuture(null);

    private TerminalClient(boolean ack) {
        this.ack = ack;
    }

    public static Builder to(URI uri) {
        return new Builder(uri);
    }

    public static final class Builder {
        private final URI uri;
        private String token;
        private String origin;
        private boolean ack = true;

        private Builder(URI uri) {
            this.uri = uri;
        }

        public Builder bearer(String token) {
            this.token = token;
            return this;
        }

        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        public Builder withoutAcks() {
            this.ack = false;
            return this;
        }

        public TerminalClient connect() {
            TerminalClient client = new TerminalClient(ack);
            WebSocket.Builder builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10));
            if (token != null) {
                builder.header("Authorization", "Bearer " + token);
            }
            if (origin != null) {
                builder.header("Origin", origin);
            }
            client.ws = builder.buildAsync(uri, client.new Listener()).orTimeout(20, TimeUnit.SECONDS).join();
            return client;
        }

        /** The HTTP status of a refused upgrade. */
        public int refusedStatus() {
            try {
                connect().close();
            } catch (CompletionException e) {
                if (e.getCause() instanceof WebSocketHandshakeException refused) {
                    return refused.getResponse().statusCode();
                }
                throw e;
            }
            throw new AssertionError("the upgrade was accepted");
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final ByteArrayOutputStream frame = new ByteArrayOutputStream();
        private final StringBuilder text = new StringBuilder();

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] bytes = new byte[data.remaining()];
            data.get(bytes);
            frame.write(bytes, 0, bytes.length);
            if (last) {
                byte[] whole = frame.toByteArray();
                frame.reset();
                synchronized (output) {
                    output.write(whole, 0, whole.length);
                }
                received.addAndGet(whole.length);
                if (ack) {
                    enqueue(() -> webSocket.sendText("{\"type\":\"ack\",\"bytes\":" + whole.length + "}", true));
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                controls.add(text.toString());
                text.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closeCode.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closeCode.complete(-1);
        }
    }

    /** Types text (sent as one binary frame, UTF-8). */
    public TerminalClient type(String keys) {
        return send(keys.getBytes(StandardCharsets.UTF_8));
    }

    public TerminalClient send(byte[] bytes) {
        enqueue(() -> ws.sendBinary(ByteBuffer.wrap(bytes), true)).orTimeout(10, TimeUnit.SECONDS).join();
        return this;
    }

    public TerminalClient control(String json) {
        enqueue(() -> ws.sendText(json, true)).orTimeout(10, TimeUnit.SECONDS).join();
        return this;
    }

    private synchronized CompletableFuture<?> enqueue(java.util.function.Supplier<CompletableFuture<WebSocket>> send) {
        CompletableFuture<?> next = lastSend.exceptionally(e -> null).thenCompose(x -> send.get());
        lastSend = next;
        return next;
    }

    /** Everything received so far, escape sequences removed, line endings as sent. */
    public String screen() {
        return ANSI.matcher(raw()).replaceAll("");
    }

    public String raw() {
        synchronized (output) {
            return output.toString(StandardCharsets.UTF_8);
        }
    }

    /** The output after the first {@code fromByte} bytes, escape sequences removed (cheap on a long flood). */
    public String screenAfter(long fromByte) {
        String tail;
        synchronized (output) {
            byte[] all = output.toByteArray();
            int from = (int) Math.min(fromByte, all.length);
            tail = new String(all, from, all.length - from, StandardCharsets.UTF_8);
        }
        return ANSI.matcher(tail).replaceAll("");
    }

    public long receivedBytes() {
        return received.get();
    }

    public List<String> controls() {
        return List.copyOf(controls);
    }

    /** Waits until the output (without escape sequences) contains {@code text}. */
    public TerminalClient awaitScreen(String text) {
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> screen().contains(text));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            String screen = screen();
            throw new AssertionError("no '" + text + "' on the screen; closed: " + closeCode.getNow(null)
                    + ", controls: " + controls + ", screen tail: " + screen.substring(Math.max(0, screen.length() - 600)), e);
        }
        return this;
    }

    /** Waits until the output after the first {@code fromByte} bytes contains {@code text}. */
    public TerminalClient awaitScreenAfter(long fromByte, String text, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(10)).until(() -> screenAfter(fromByte).contains(text));
        return this;
    }

    /**
     * Asks {@code stty size} until the shell reports this size: a resize travels to the program (SIGWINCH, through
     * tmux) while keys travel the PTY, so the first answer may still be the old size.
     */
    public TerminalClient awaitSttySize(int rows, int cols) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    long mark = receivedBytes();
                    type("stty size\r");
                    try {
                        awaitScreenAfter(mark, rows + " " + cols, Duration.ofMillis(900));
                        return true;
                    } catch (org.awaitility.core.ConditionTimeoutException | AssertionError notYet) {
                        return false;
                    }
                });
        return this;
    }

    public CompletableFuture<Integer> closeCode() {
        return closeCode;
    }

    public int awaitClose(Duration atMost) {
        await().atMost(atMost).until(closeCode::isDone);
        return closeCode.join();
    }

    public boolean isClosed() {
        return closeCode.isDone();
    }

    @Override
    public void close() {
        if (!closeCode.isDone() && !ws.isOutputClosed()) {
            enqueue(() -> ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye")).orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(e -> null).join();
        }
        ws.abort();
    }
}
