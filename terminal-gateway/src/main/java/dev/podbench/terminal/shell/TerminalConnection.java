package dev.podbench.terminal.shell;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.podbench.http.WebSocketCloseCodes;
import dev.podbench.events.pullrequest.PullRequestScanner;
import dev.podbench.terminal.audit.ConnectionRecord;
import dev.podbench.terminal.config.TerminalConfig;
import dev.podbench.terminal.events.SessionEventPublisher;
import dev.podbench.terminal.metrics.TerminalMetrics;
import dev.podbench.workspace.TtySize;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/** One open terminal WebSocket and the shell attachment it drives. Never logs terminal content. */
final class TerminalConnection {

    static final int SESSION_ENDED = WebSocketCloseCodes.SESSION_ENDED;
    private static final Logger LOG = Logger.getLogger(TerminalConnection.class);

    private final WebSocketConnection ws;
    private final String sessionId;
    private final String terminalName;
    private final ShellAttachment shell;
    private final TerminalMetrics metrics;
    private final SessionEventPublisher events;
    private final ObjectMapper json;
    private final PullRequestScanner scanner;
    private final OutputPump pump;
    private final long maxPendingInput;
    private final AtomicLong pendingInput = new AtomicLong();
    private final AtomicBoolean finished = new AtomicBoolean();
    private final ConnectionRecord opened;
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    /** The close this gateway sent first, if it did: what the audit records (the peer's reply carries no reason). */
    private volatile CloseReason closeSent;

    TerminalConnection(WebSocketConnection ws, ConnectionRecord opened, ShellAttachment shell,
            TerminalConfig config, TerminalMetrics metrics, SessionEventPublisher events, ObjectMapper json,
            Vertx vertx) {
        this.ws = ws;
        this.opened = opened;
        this.sessionId = opened.sessionId();
        this.terminalName = opened.terminalName();
        this.shell = shell;
        this.metrics = metrics;
        this.events = events;
        this.json = json;
        this.scanner = events.pullRequestScanner();
        var flow = config.flowControl();
        // Input waits in the runtime's writer while the program is not reading; bound it like output.
        this.maxPendingInput = Math.max(flow.highWaterMark(), 4L * flow.maxInputFrame());
        this.pump = new OutputPump(this::sendOutput, this::scan, metrics::paused, this::outputEnded,
                flow.highWaterMark(), flow.lowWaterMark(), flow.maxFrame(), redrawPacing(shell, flow, vertx));
    }

    /** Only tmux redraws a screen; the plain shell's output is the program's own and is never held back. */
    private static OutputPump.Pacing redrawPacing(ShellAttachment shell, TerminalConfig.FlowControl flow, Vertx vertx) {
        long interval = flow.redrawPacingInterval().toNanos();
        if (!shell.persistent() || interval <= 0) {
            return OutputPump.Pacing.NONE;
        }
        return new OutputPump.Pacing(flow.redrawPacingThreshold(), interval, System::nanoTime,
                (delayNanos, action) -> vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos + 999_999)),
                        id -> action.run()));
    }

    String id() {
        return ws.id();
    }

    String sessionId() {
        return sessionId;
    }

    ConnectionRecord opened() {
        return opened;
    }

    /** The audit record of this connection, ended now with the WebSocket's close code and reason. */
    ConnectionRecord closedRecord() {
        CloseReason reason = closeSent != null ? closeSent : ws.closeReason();
        return opened.closed(Instant.now(), reason == null ? null : reason.getCode(),
                reason == null ? null : reason.getMessage(), bytesIn.sum(), bytesOut.sum());
    }

    void start() {
        sendControl(shell.persistent()
                ? Map.of("type", "status", "mode", "tmux", "terminal", terminalName)
                : Map.of("type", "status", "mode", "plain", "terminal", terminalName, "message",
                        "tmux is not available in this workspace: plain shell, kept only while the gateway runs"));
        shell.output().subscribe().withSubscriber(pump);
    }

    /** Input is handed to the shell in order without waiting, so a slow program never stalls the event loop. */
    void input(byte[] bytes) {
        if (pendingInput.addAndGet(bytes.length) > maxPendingInput) {
            LOG.warnf("terminal %s of session %s: input overrun, closing", terminalName, sessionId);
            close(1008, "input overrun: the program is not reading its input");
            return;
        }
        metrics.bytesIn(bytes.length);
        bytesIn.add(bytes.length);
        events.activity(sessionId);
        shell.write(bytes).subscribe().with(
                ok -> pendingInput.addAndGet(-bytes.length),
                failure -> {
                    pendingInput.addAndGet(-bytes.length);
                    LOG.debugf("terminal %s of session %s: write failed: %s", terminalName, sessionId,
                            failure.getMessage());
                });
    }

    void control(ControlMessage message) {
        switch (message.type() == null ? "" : message.type()) {
            case "ack" -> {
                if (message.bytes() != null) {
                    pump.ack(message.bytes());
                }
            }
            case "resize" -> {
                if (message.cols() != null && message.rows() != null) {
                    shell.resize(new TtySize(message.cols(), message.rows()));
                    events.activity(sessionId);
                }
            }
            default -> error("unknown message type");
        }
    }

    void error(String message) {
        sendControl(Map.of("type", "error", "message", message));
    }

    void close(int code, String reason) {
        CloseReason close = new CloseReason(code, reason);
        if (closeSent == null && !ws.isClosed()) {
            closeSent = close;
        }
        ws.close(close).subscribe().with(ok -> {
        }, failure -> {
        });
    }

    /** The WebSocket is gone: let go of the shell (which keeps running in tmux). */
    void closed() {
        if (finished.compareAndSet(false, true)) {
            pump.stop();
            shell.detach();
        }
    }

    private Uni<Void> sendOutput(byte[] frame) {
        metrics.bytesOut(frame.length);
        bytesOut.add(frame.length);
        return ws.sendBinary(Buffer.buffer(frame));
    }

    private void scan(byte[] frame) {
        for (var url : scanner.scan(frame)) {
            events.pullRequest(sessionId, url);
        }
    }

    private void outputEnded(Throwable failure) {
        if (ws.isClosed() || finished.get()) {
            return;
        }
        if (failure != null) {
            LOG.warnf("terminal %s of session %s: output failed: %s", terminalName, sessionId, failure.getMessage());
            error("terminal output failed");
            close(1011, "terminal output failed");
            return;
        }
        // The shell (or tmux session) ended: report its exit status, then close normally.
        shell.exitCode().ifNoItem().after(java.time.Duration.ofSeconds(5)).recoverWithItem(-1)
                .subscribe().with(code -> {
                    sendControl(Map.of("type", "exit", "code", code));
                    close(1000, "shell exited");
                }, failure2 -> close(1000, "shell exited"));
    }

    private void sendControl(Map<String, Object> message) {
        try {
            ws.sendText(json.writeValueAsString(message)).subscribe().with(ok -> {
            }, failure -> {
            });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
