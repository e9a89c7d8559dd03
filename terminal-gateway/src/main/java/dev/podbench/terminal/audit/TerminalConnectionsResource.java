package dev.podbench.terminal.audit;

import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.sessions.SessionDirectory;
import dev.podbench.terminal.config.TerminalConfig;
import dev.podbench.http.ApiException;
import dev.podbench.http.Caller;
import dev.podbench.terminal.shell.TerminalService;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** The terminal connections of a session, for its owner (and admins): who, from where, when, how long, how it ended. */
@Path("/api/sessions/{id}/terminal/connections")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated // /api/sessions/* is left open for the terminal upgrade, which authenticates on its own
public class TerminalConnectionsResource {

    static final int MAX_LIMIT = 500;

    private final ConnectionRepository connections;
    private final SessionDirectory sessions;
    private final SecurityIdentity identity;
    private final TerminalConfig config;

    public TerminalConnectionsResource(ConnectionRepository connections, SessionDirectory sessions,
            SecurityIdentity identity, TerminalConfig config) {
        this.connections = connections;
        this.sessions = sessions;
        this.identity = identity;
        this.config = config;
    }

    /** {@code {"sessionId": ..., "connections": [...]}}, newest first. */
    @GET
    public Uni<Map<String, Object>> list(@PathParam("id") String sessionId,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new ApiException(400, "invalid limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        // who asks is read now, on the request: the wait below may end on another thread
        Caller caller = Caller.of(identity);
        return sessions.await(sessionId, s -> true, config.sessionWait()).chain(found -> {
            authorize(sessionId, found, caller);
            return connections.ofSession(sessionId, limit);
        }).map(rows -> Map.<String, Object> of("sessionId", sessionId, "connections", rows))
                .onFailure(failure -> !(failure instanceof ApiException))
                .transform(failure -> new ApiException(503, "connection audit unavailable", failure.getClass()
                        .getSimpleName()));
    }

    /** The owner sees the connections of their session; an admin sees any, even of a session no longer known. */
    private void authorize(String sessionId, Optional<SessionSnapshot> session, Caller caller) {
        if (caller.admin()) {
            return;
        }
        SessionSnapshot known = session.orElseThrow(
                () -> new ApiException(404, "no such session", Map.of("sessionId", sessionId)));
        if (!caller.mayAccess(known.owner())) {
            throw new ApiException(403, "not your session", Map.of("sessionId", sessionId));
        }
    }
}
