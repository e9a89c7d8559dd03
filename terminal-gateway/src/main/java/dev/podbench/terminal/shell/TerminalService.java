package dev.podbench.terminal.shell;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.podbench.http.Caller;
import dev.podbench.http.WebSocketCloseCodes;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import dev.podbench.sessions.SessionDirectory;
import dev.podbench.sessions.SessionFinished;
import dev.podbench.terminal.audit.ConnectionAudit;
import dev.podbench.terminal.audit.ConnectionRecord;
import dev.podbench.terminal.config.TerminalConfig;
import dev.podbench.terminal.events.SessionEventPublisher;
import dev.podbench.terminal.metrics.TerminalMetrics;
import dev.podbench.terminal.metrics.TerminalMetrics.FailureReason;
import dev.podbench.workspace.TtySize;
import dev.podbench.workspace.tmux.TmuxCommands;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.vertx.core.Vertx;
import io.smallrye.mutiny.Uni;

/**
 * The terminal use case behind the WebSocket endpoint: who may open which terminal, starting its shell, and
 * closing every terminal of a session that ended.
 */
@ApplicationScoped
public class TerminalService {

    static final int UNAUTHENTICATED = WebSocketCloseCodes.UNAUTHENTICATED;
    static final int NOT_OWNER = WebSocketCloseCodes.NOT_YOURS;
    static final int NO_SUCH_SESSION = WebSocketCloseCodes.NO_SUCH_SESSION;
    private static final String ADMIN_ROLE = Caller.ADMIN_ROLE;
    private static final Logger LOG = Logger.getLogger(TerminalService.class);

    private final SessionDirectory sessions;
    private final ShellLauncher launcher;
    private final TerminalConfig config;
    private final TerminalMetrics metrics;
    private final SessionEventPublisher events;
    private final ObjectMapper json;
    private final ConnectionAudit audit;
    private final Vertx vertx;
    private final ConcurrentMap<String, TerminalConnection> open = new ConcurrentHashMap<>();

    public TerminalService(SessionDirectory sessions, ShellLauncher launcher, TerminalConfig config,
            TerminalMetrics metrics, SessionEventPublisher events, ObjectMapper json, ConnectionAudit audit,
            Vertx vertx) {
        this.sessions = sessions;
        this.launcher = launcher;
        this.config = config;
        this.metrics = metrics;
        this.vertx = vertx;
        this.events = events;
        this.json = json;
        this.audit = audit;
    }

    public Uni<Void> open(WebSocketConnection ws, SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            return refuse(ws, FailureReason.UNAUTHENTICATED, UNAUTHENTICATED, "authentication required");
        }
        String sessionId = ws.pathParam("id");
        Map<String, List<String>> query = new QueryStringDecoder(
                Optional.ofNullable(ws.handshakeRequest().query()).orElse(""), false).parameters();
        String name = first(query, "name").orElse(TmuxCommands.DEFAULT_TERMINAL);
        if (!TmuxCommands.isValidTerminalName(name) || !validSessionId(sessionId)) {
            return refuse(ws, FailureReason.BAD_REQUEST, NO_SUCH_SESSION, "no such terminal");
        }
        TtySize size = new TtySize(intParam(query, "cols", 80), intParam(query, "rows", 24));
        // who asks is read now, on the connection's context: the wait below may end on another thread, where the
        // injected identity is not this connection's (an admin was then refused as "not yours")
        String user = identity.getPrincipal().getName();
        boolean admin = identity.hasRole(ADMIN_ROLE);
        return sessions.await(sessionId, s -> s.state() != SessionState.STARTING, config.sessionWait())
                .chain(found -> {
                    if (found.isEmpty()) {
                        return refuse(ws, FailureReason.UNKNOWN_SESSION, NO_SUCH_SESSION, "no such session");
                    }
                    SessionSnapshot session = found.get();
                    if (!session.owner().equals(user) && !admin) {
                        return refuse(ws, FailureReason.NOT_OWNER, NOT_OWNER, "not your session");
                    }
                    if (session.state().isFinal() || session.state() == SessionState.ENDING) {
                        return refuse(ws, FailureReason.SESSION_ENDED, TerminalConnection.SESSION_ENDED,
                                "session ended");
                    }
                    if (session.state() == SessionState.STARTING || session.pod() == null
                            || session.worktreePath() == null) {
                        return refuse(ws, FailureReason.SESSION_STARTING, 1013, "session is still starting");
                    }
                    return launch(ws, session, name, size, user);
                });
    }

    public void input(WebSocketConnection ws, byte[] bytes) {
        TerminalConnection terminal = open.get(ws.id());
        if (terminal == null) {
            return;
        }
        if (bytes.length > config.flowControl().maxInputFrame()) {
            terminal.close(1009, "input frame over " + config.flowControl().maxInputFrame() + " bytes");
            return;
        }
        terminal.input(bytes);
    }

    public void control(WebSocketConnection ws, String text) {
        TerminalConnection terminal = open.get(ws.id());
        if (terminal == null) {
            return;
        }
        ControlMessage message;
        try {
            message = json.readValue(text, ControlMessage.class);
        } catch (JsonProcessingException e) {
            terminal.error("control frames are JSON objects");
            return;
        }
        terminal.control(message);
    }

    public void closed(WebSocketConnection ws) {
        TerminalConnection terminal = open.remove(ws.id());
        if (terminal != null) {
            terminal.closed();
            metrics.closed();
            audit.closed(terminal.closedRecord());
            LOG.debugf("terminal closed: session=%s connection=%s", terminal.sessionId(), ws.id());
        }
    }

    void onSessionFinished(@Observes SessionFinished finished) {
        String sessionId = finished.sessionId();
        for (TerminalConnection terminal : open.values()) {
            if (terminal.sessionId().equals(sessionId)) {
                terminal.close(TerminalConnection.SESSION_ENDED, "session ended");
            }
        }
        launcher.sessionFinished(sessionId);
        events.forget(sessionId);
    }

    private Uni<Void> launch(WebSocketConnection ws, SessionSnapshot session, String name, TtySize size,
            String user) {
        return launcher.attach(session, name, size)
                .onItem().transform(shell -> {
                    ConnectionRecord opened = ConnectionRecord.opened(ws.id(), session.sessionId(), name, user,
                            ws.handshakeRequest().header("Origin"), ws.handshakeRequest().remoteAddress(),
                            Instant.now());
                    TerminalConnection terminal = new TerminalConnection(ws, opened, shell, config, metrics, events,
                            json, vertx);
                    open.put(ws.id(), terminal);
                    metrics.opened();
                    audit.opened(opened);
                    if (ws.isClosed()) {
                        // The browser left while the shell was starting; @OnClose has already run.
                        closed(ws);
                        return null;
                    }
                    LOG.infof("terminal opened: session=%s terminal=%s size=%dx%d connection=%s",
                            session.sessionId(), name, size.cols(), size.rows(), ws.id());
                    terminal.start();
                    events.activity(session.sessionId());
                    if (sessions.find(session.sessionId()).map(s -> s.state().isFinal()).orElse(true)) {
                        terminal.close(TerminalConnection.SESSION_ENDED, "session ended");
                    }
                    return null;
                })
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("terminal failed to start: session=%s terminal=%s: %s", session.sessionId(), name,
                            failure.toString());
                    return refuse(ws, FailureReason.SHELL_FAILED, 1011, "could not start the shell");
                })
                .replaceWithVoid();
    }

    private Uni<Void> refuse(WebSocketConnection ws, FailureReason reason, int code, String message) {
        metrics.connectFailed(reason);
        LOG.infof("terminal refused: reason=%s session=%s connection=%s", reason, ws.pathParam("id"), ws.id());
        return ws.close(new CloseReason(code, message)).onFailure().recoverWithNull();
    }

    private static boolean validSessionId(String sessionId) {
        try {
            TmuxCommands.tmuxSessionName(sessionId, TmuxCommands.DEFAULT_TERMINAL);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Optional<String> first(Map<String, List<String>> query, String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static int intParam(Map<String, List<String>> query, String name, int fallback) {
        try {
            return first(query, name).map(Integer::parseInt).orElse(fallback);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
