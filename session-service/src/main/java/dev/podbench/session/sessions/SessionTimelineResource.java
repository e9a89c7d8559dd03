package dev.podbench.session.sessions;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import dev.podbench.http.ApiException;
import dev.podbench.http.Caller;

@Path("/api/sessions/{id}/timeline")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "sessions")
public class SessionTimelineResource {

    private final SessionTimelineStore store;
    private final SecurityIdentity identity;

    public SessionTimelineResource(SessionTimelineStore store, SecurityIdentity identity) {
        this.store = store;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "What happened to a session, oldest first", description = "Created, started, idle warnings, "
            + "ended (by whom) or failed (why). The owner's and admins' only; also after the session ended.")
    public Uni<List<SessionTimeline>> timeline(@RestPath String id) {
        UUID sessionId = SessionResource.sessionId(id);
        Caller caller = Caller.of(identity);
        return store.owner(sessionId).chain(owner -> {
            // someone else's session is indistinguishable from a missing one
            if (owner.isEmpty() || !caller.mayAccess(owner.get())) {
                return Uni.createFrom().failure(ApiException.notFound("session", id));
            }
            return store.timeline(sessionId);
        });
    }
}
