package dev.podbench.chat.ws;

import java.util.List;

import org.jboss.logging.Logger;

import dev.podbench.http.WebSocketCloseCodes;
import dev.podbench.chat.agent.AgentStatus;
import dev.podbench.chat.agent.AgentSupervisor;
import dev.podbench.chat.agent.ChatSubscriber;
import dev.podbench.chat.transcript.StoredEvent;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * One browser tab's chat. It pulls events past its cursor instead of having them pushed, one batch at a time and
 * each frame awaited: a reconnect with {@code afterSeq} then neither loses nor repeats anything however live
 * events and replay interleave, and a slow tab holds back only itself.
 */
final class ChatConnection implements ChatSubscriber {

    static final int CLOSE_SESSION_ENDED = WebSocketCloseCodes.SESSION_ENDED;
    private static final Logger LOG = Logger.getLogger(ChatConnection.class);
    private static final int BATCH = 200;

    private final WebSocketConnection connection;
    private final AgentSupervisor supervisor;
    private final ChatProtocol protocol;
    private final String user;
    private long cursor;
    private Long resumeFrom;
    private boolean pumping;
    private boolean again;
    private boolean closed;

    ChatConnection(WebSocketConnection connection, AgentSupervisor supervisor, ChatProtocol protocol, String user) {
        this.connection = connection;
        this.supervisor = supervisor;
        this.protocol = protocol;
        this.user = user;
        // without a resume request a tab gets what happens from now on
        this.cursor = supervisor.lastSeq();
    }

    AgentSupervisor supervisor() {
        return supervisor;
    }

    /** Who is connected (their name goes into what they decide). */
    String user() {
        return user;
    }

    /** Events after {@code afterSeq}, and the permission questions still open from before it (until answered). */
    void resume(long afterSeq) {
        for (StoredEvent question : supervisor.permissions().pendingRequests()) {
            if (question.seq() <= afterSeq) {
                sendQuietly(protocol.event(question));
            }
        }
        synchronized (this) {
            resumeFrom = afterSeq;
        }
        eventsAvailable();
    }

    @Override
    public void eventsAvailable() {
        synchronized (this) {
            if (closed) {
                return;
            }
            if (pumping) {
                again = true;
                return;
            }
            pumping = true;
        }
        pump();
    }

    private void pump() {
        long from;
        synchronized (this) {
            if (resumeFrom != null) {
                cursor = resumeFrom;
                resumeFrom = null;
            }
            from = cursor;
            again = false;
        }
        supervisor.eventsAfter(from, BATCH).chain(events -> send(events).replaceWith(events))
                .subscribe().with(events -> {
                    boolean more;
                    synchronized (this) {
                        if (!events.isEmpty() && resumeFrom == null) {
                            cursor = events.get(events.size() - 1).seq();
                        }
                        more = !closed && (!events.isEmpty() || again || resumeFrom != null);
                        if (!more) {
                            pumping = false;
                        }
                    }
                    if (more) {
                        pump();
                    }
                }, failure -> {
                    synchronized (this) {
                        pumping = false;
                    }
                    if (connection.isOpen()) {
                        LOG.warnf("chat %s: sending events failed: %s", supervisor.sessionId(), failure.getMessage());
                    }
                });
    }

    private Uni<Void> send(List<StoredEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom().iterable(events)
                .onItem().transformToUniAndConcatenate(e -> connection.sendText(protocol.event(e)))
                .onItem().ignoreAsUni();
    }

    @Override
    public void statusChanged(AgentStatus status) {
        sendQuietly(protocol.status(status));
    }

    void error(String code, String message) {
        sendQuietly(protocol.error(code, message));
    }

    @Override
    public void sessionEnded() {
        synchronized (this) {
            closed = true;
        }
        connection.close(new CloseReason(CLOSE_SESSION_ENDED, "session ended")).subscribe().with(ok -> {
        }, e -> {
        });
    }

    void closed() {
        synchronized (this) {
            closed = true;
        }
        supervisor.unsubscribe(this);
    }

    private void sendQuietly(String frame) {
        if (connection.isOpen()) {
            connection.sendText(frame).subscribe().with(ok -> {
            }, e -> LOG.debugf("chat %s: frame not sent: %s", supervisor.sessionId(), e.getMessage()));
        }
    }
}
