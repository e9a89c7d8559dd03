package dev.podbench.chat.ws;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

import org.jboss.logging.Logger;

/** {@code /api/sessions/{id}/chat}: JSON text frames (see {@link ChatProtocol}). */
@WebSocket(path = "/api/sessions/{id}/chat", endpointId = ChatEndpoint.ID)
public class ChatEndpoint {

    public static final String ID = "chat";
    private static final Logger LOG = Logger.getLogger(ChatEndpoint.class);

    private final ChatService chats;
    private final SecurityIdentity identity;

    public ChatEndpoint(ChatService chats, SecurityIdentity identity) {
        this.chats = chats;
        this.identity = identity;
    }

    @OnOpen
    public Uni<Void> open(WebSocketConnection connection) {
        return chats.open(connection, identity);
    }

    @OnTextMessage
    public Uni<Void> message(String frame, WebSocketConnection connection) {
        return chats.message(connection, frame);
    }

    @OnClose
    public void close(WebSocketConnection connection) {
        chats.closed(connection);
    }

    @OnError
    public void error(WebSocketConnection connection, Throwable failure) {
        LOG.debugf("chat %s: %s", connection.pathParam("id"), failure.getMessage());
    }
}
