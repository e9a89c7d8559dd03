package dev.podbench.cost.budgets;

import java.util.List;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.podbench.http.Caller;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** {@code PUT|GET /api/budgets}, {@code DELETE /api/budgets/{budgetId}} (DESIGN.md). */
@Path("/api/budgets")
@Produces(MediaType.APPLICATION_JSON)
public class BudgetResource {

    private final BudgetService budgets;
    private final SecurityIdentity identity;

    public BudgetResource(BudgetService budgets, SecurityIdentity identity) {
        this.budgets = budgets;
        this.identity = identity;
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<BudgetView> put(BudgetRequest request) {
        return budgets.put(Caller.of(identity), request);
    }

    @GET
    public Uni<List<BudgetView>> list() {
        return budgets.list(Caller.of(identity));
    }

    @DELETE
    @Path("/{budgetId}")
    public Uni<Void> delete(@PathParam("budgetId") String budgetId) {
        return budgets.delete(Caller.of(identity), budgetId);
    }
}
