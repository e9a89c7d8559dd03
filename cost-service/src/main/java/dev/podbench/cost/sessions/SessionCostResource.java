package dev.podbench.cost.sessions;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.podbench.http.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** {@code GET /api/sessions/{id}/cost} (DESIGN.md) and its turns, {@code GET /api/sessions/{id}/cost/turns}. */
@Path("/api/sessions/{id}/cost")
@Produces(MediaType.APPLICATION_JSON)
public class SessionCostResource {

    private final SessionCostService costs;
    private final SecurityIdentity identity;

    public SessionCostResource(SessionCostService costs, SecurityIdentity identity) {
        this.costs = costs;
        this.identity = identity;
    }

    @GET
    public Uni<SessionCostView> cost(@PathParam("id") String sessionId) {
        return costs.cost(Caller.of(identity), sessionId);
    }

    /** The session's agent turns, newest first ({@code limit}: 1 … {@link SessionCostService#MAX_TURNS}). */
    @GET
    @Path("/turns")
    public Uni<SessionTurnsView> turns(@PathParam("id") String sessionId,
            @QueryParam("limit") @DefaultValue("200") int limit) {
        return costs.turns(Caller.of(identity), sessionId, limit);
    }
}
