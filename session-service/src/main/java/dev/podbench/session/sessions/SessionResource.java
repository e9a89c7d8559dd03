package dev.podbench.session.sessions;

import java.net.URI;
import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import dev.podbench.http.Caller;
import dev.podbench.events.session.SessionEndReason;
import dev.podbench.http.ApiException;

@Path("/api/sessions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "sessions")
public class SessionResource {

    static final String TOTAL_COUNT = "X-Total-Count";

    private final SessionService service;
    private final SessionEnding endings;
    private final SecurityIdentity identity;

    public SessionResource(SessionService service, SessionEnding endings, SecurityIdentity identity) {
        this.service = service;
        this.endings = endings;
        this.identity = identity;
    }

    @POST
    @Operation(summary = "Start a session", description = "Returns at once in state 'starting'; the worktree is prepared in "
            + "the background and the session becomes 'active' (or 'failed', with a reason).")
    public Uni<Response> start(NewSession request) {
        return service.start(request, caller())
                .map(s -> Response.created(URI.create("/api/sessions/" + s.id())).entity(s).build());
    }

    @GET
    @Operation(summary = "The caller's sessions (an admin's: everybody's), newest first", description = "Paged with "
            + "'page' (from 0) and 'size'; the total is in the X-Total-Count header.")
    public Uni<Response> list(@RestQuery String state, @RestQuery String repositoryId, @RestQuery String page,
            @RestQuery String size) {
        return service.list(caller(), state, repositoryId, number(page, "page"), number(size, "size"))
                .map(result -> Response.ok(result.items()).header(TOTAL_COUNT, result.total()).build());
    }

    @GET
    @Path("{id}")
    public Uni<SessionView> get(@RestPath String id) {
        return service.get(sessionId(id), caller());
    }

    @POST
    @Path("{id}/end")
    @Operation(summary = "End a session", description = "Kills its terminals and removes its worktree; the branch and its "
            + "commits stay. Ending twice is harmless.")
    public Uni<SessionView> end(@RestPath String id) {
        return endings.end(sessionId(id), caller(), SessionEndReason.USER);
    }

    @GET
    @Path("{id}/worktree")
    @Operation(summary = "What ending would lose: uncommitted files, unpushed commits, ahead/behind")
    public Uni<WorktreeView> worktree(@RestPath String id) {
        return service.worktree(sessionId(id), caller());
    }

    private Caller caller() {
        return Caller.of(identity);
    }

    /** An id that is not even a UUID names no session: 404, like any other unknown one. */
    static UUID sessionId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("session", id);
        }
    }

    private static Integer number(String value, String name) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a number", Map.of(name, value));
        }
    }
}
