package dev.podbench.chat.ws;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.podbench.http.WebSocketCloseCodes;
import dev.podbench.chat.agent.AgentSupervisors;
import dev.podbench.chat.budget.BudgetGate;
import dev.podbench.chat.config.ChatConfig;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.sessions.SessionDirectory;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/** What a chat connection may do, and the bookkeeping of open connections. */
@ApplicationScoped
public class ChatService {

    static final int CLOSE_NOT_YOURS = WebSocketCloseCodes.NOT_YOURS;
    static final int CLOSE_NO_SESSION = WebSocketCloseCodes.NO_SUCH_SESSION;
    static final int CLOSE_UNAUTHENTICATED = WebSocketCloseCodes.UNAUTHENTICATED;
    private static final Logger LOG = Logger.getLogger(ChatService.class);

    private final SessionDirectory directory;
    private final AgentSupervisors supervisors;
    private final ChatConfig config;
    private final ChatProtocol protocol;
    private final PermissionCommands permissionCommands;
    private final BudgetGate budgets;
    private final Map<String, ChatConnection> connections = new ConcurrentHashMap<>();

    public ChatService(SessionDirectory directory, AgentSupervisors supervisors, ChatConfig config,
            ObjectMapper mapper, PermissionCommands permissionCommands, BudgetGate budgets) {
        this.directory = directory;
        this.budgets = budgets;
        this.supervisors = supervisors;
        this.config = config;
        this.protocol = new ChatProtocol(mapper, config.maxMessageBytes(), config.allowBypassPermissions());
        this.permissionCommands = permissionCommands;
    }

    Uni<Void> open(WebSocketConnection connection, SecurityIdentity identity) {
        String sessionId = connection.pathParam("id");
        if (identity == null || identity.isAnonymous()) {
            return close(connection, CLOSE_UNAUTHENTICATED, "unauthenticated");
        }
        String user = identity.getPrincipal().getName();
        return directory.await(sessionId, s -> true, config.sessionWait()).chain(found -> {
            if (found.isEmpty()) {
                return close(connection, CLOSE_NO_SESSION, "no such session");
            }
            SessionSnapshot session = found.get();
            if (!session.owner().equals(user)) {
                LOG.infof("chat refused: session %s belongs to someone else (user %s)", sessionId, user);
                return close(connection, CLOSE_NOT_YOURS, "not your session");
            }
            if (session.state().isFinal()) {
                return close(connection, ChatConnection.CLOSE_SESSION_ENDED, "session ended");
            }
            return supervisors.forSession(session).chain(supervisor -> {
                ChatConnection chat = new ChatConnection(connection, supervisor, protocol, user);
                connections.put(connection.id(), chat);
                supervisor.subscribe(chat);
                chat.statusChanged(supervisor.status());
                supervisor.ensureStarted();
                return Uni.createFrom().voidItem();
            });
        });
    }

    Uni<Void> message(WebSocketConnection connection, String frame) {
        ChatConnection chat = connections.get(connection.id());
        if (chat == null) {
            return Uni.createFrom().voidItem(); // refused or already closing
        }
        ChatProtocol.Request request = protocol.parse(frame);
        if (request instanceof ChatProtocol.Invalid invalid) {
            chat.error(invalid.code(), invalid.message());
            return Uni.createFrom().voidItem();
        }
        Uni<Void> done;
        if (request instanceof ChatProtocol.Message m) {
            done = budgets.refusal(connection.pathParam("id")).chain(refusal -> {
                if (refusal.isPresent()) {
                    chat.error(BudgetGate.ERROR_CODE, refusal.get());
                    return Uni.createFrom().voidItem();
                }
                return chat.supervisor().send(m.text());
            });
        } else if (request instanceof ChatProtocol.Interrupt) {
            done = chat.supervisor().interrupt().invoke(interrupted -> {
                if (!interrupted) {
                    chat.error("nothing_to_interrupt", "no turn is running");
                }
            }).replaceWithVoid();
        } else if (request instanceof ChatProtocol.SetModel s) {
            done = chat.supervisor().setModel(s.model());
        } else if (request instanceof PermissionFrames.Frame permissionFrame) {
            done = permissionCommands.handle(chat, permissionFrame);
        } else if (request instanceof ChatProtocol.Resume r) {
            chat.resume(r.afterSeq());
            done = Uni.createFrom().voidItem();
        } else {
            done = Uni.createFrom().voidItem();
        }
        return done.onFailure().recoverWithUni(e -> {
            chat.error("failed", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return Uni.createFrom().voidItem();
        });
    }

    void closed(WebSocketConnection connection) {
        ChatConnection chat = connections.remove(connection.id());
        if (chat != null) {
            chat.closed();
        }
    }

    private static Uni<Void> close(WebSocketConnection connection, int code, String reason) {
        return connection.close(new CloseReason(code, reason));
    }
}
