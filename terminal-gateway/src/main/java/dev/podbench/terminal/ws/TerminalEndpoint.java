package dev.podbench.terminal.ws;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;

import org.jboss.logging.Logger;

import dev.podbench.terminal.shell.TerminalService;

/**
 * {@code /api/sessions/{id}/terminal[?name=&cols=&rows=]}: binary frames are raw terminal bytes both ways, text
 * frames JSON control. Everything runs on the event loop; the service never blocks it.
 */
@WebSocket(path = "/api/sessions/{id}/terminal", endpointId = TerminalEndpoint.ID)
public class TerminalEndpoint {

    public static final String ID = "terminal";
    private static final Logger LOG = Logger.getLogger(TerminalEndpoint.class);

    private final TerminalService terminals;
    private final SecurityIdentity identity;

    public TerminalEndpoint(TerminalService terminals, SecurityIdentity identity) {
        this.terminals = terminals;
        this.identity = identity;
    }

    @OnOpen
    public Uni<Void> onOpen(WebSocketConnection connection) {
        return terminals.open(connection, identity);
    }

    @OnBinaryMessage
    @NonBlocking
    public void onInput(WebSocketConnection connection, Buffer input) {
        terminals.input(connection, input.getBytes());
    }

    @OnTextMessage
    @NonBlocking
    public void onControl(WebSocketConnection connection, String message) {
        terminals.control(connection, message);
    }

    @OnClose
    @NonBlocking
    public void onClose(WebSocketConnection connection) {
        terminals.closed(connection);
    }

    @OnError
    @NonBlocking
    public void onError(WebSocketConnection connection, Throwable failure) {
        LOG.debugf("terminal connection %s: %s", connection.id(), failure.toString());
    }
}
