package dev.podbench.pr.api;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.podbench.http.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** {@code GET /api/sessions/{id}/pull-requests} and {@code GET /api/pull-requests} (DESIGN.md). */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class PullRequestResource {

    private final PullRequestQueries queries;
    private final SecurityIdentity identity;

    public PullRequestResource(PullRequestQueries queries, SecurityIdentity identity) {
        this.queries = queries;
        this.identity = identity;
    }

    @GET
    @Path("/sessions/{id}/pull-requests")
    public Uni<List<PullRequestView>> ofSession(@PathParam("id") String sessionId) {
        return queries.ofSession(Caller.of(identity), sessionId);
    }

    @GET
    @Path("/pull-requests")
    public Uni<List<PullRequestView>> across(@QueryParam("state") String state,
            @QueryParam("repositoryId") String repositoryId) {
        return queries.across(Caller.of(identity), state, repositoryId);
    }
}
