package dev.podbench.cost.budgets;

import java.math.BigDecimal;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.podbench.cost.api.RequestRefused;
import dev.podbench.cost.api.Viewer;
import dev.podbench.cost.sessions.SessionOwners;
import dev.podbench.events.WireEnum;
import dev.podbench.events.cost.BudgetPeriod;
import dev.podbench.events.cost.BudgetScope;
import io.smallrye.mutiny.Uni;

/** Who may set, see and remove which budget: an admin any; a user their own sessions' budgets. */
@ApplicationScoped
public class BudgetService {

    private final BudgetStore store;
    private final SessionOwners owners;

    public BudgetService(BudgetStore store, SessionOwners owners) {
        this.store = store;
        this.owners = owners;
    }

    public Uni<BudgetView> put(Viewer viewer, BudgetRequest request) {
        if (request == null) {
            throw RequestRefused.badRequest("invalid budget", "a JSON body {scope, id?, limitUsd, period} is required");
        }
        BudgetScope scope = parse(BudgetScope.class, "scope", request.scope());
        BudgetPeriod period = parse(BudgetPeriod.class, "period", request.period());
        BigDecimal limit = request.limitUsd();
        if (limit == null || limit.signum() <= 0) {
            throw RequestRefused.badRequest("invalid budget", "limitUsd must be a positive decimal string");
        }
        String scopeId = scope == BudgetScope.GLOBAL ? "" : request.id();
        if (scopeId == null || scopeId.isBlank()) {
            throw RequestRefused.badRequest("invalid budget", "id is required for scope " + scope.value());
        }
        Uni<Void> allowed = viewer.admin() ? Uni.createFrom().voidItem() : mayManageSessionBudget(viewer, scope, scopeId);
        return allowed.flatMap(ok -> store.put(scope, scopeId, limit, period, viewer.user())).map(BudgetRow::view);
    }

    public Uni<List<BudgetView>> list(Viewer viewer) {
        return store.list(viewer.admin() ? null : viewer.user()).map(rows -> rows.stream().map(BudgetRow::view).toList());
    }

    public Uni<Void> delete(Viewer viewer, String budgetId) {
        UUID id;
        try {
            id = UUID.fromString(budgetId);
        } catch (IllegalArgumentException e) {
            throw RequestRefused.notFound("budget", budgetId);
        }
        return store.find(id).flatMap(budget -> {
            if (budget == null) {
                return Uni.createFrom().failure(RequestRefused.notFound("budget", budgetId));
            }
            Uni<Void> allowed = viewer.admin() ? Uni.createFrom().voidItem()
                    : mayManageSessionBudget(viewer, budget.scope(), budget.scopeId());
            return allowed.flatMap(ok -> store.delete(id)).replaceWithVoid();
        });
    }

    private Uni<Void> mayManageSessionBudget(Viewer viewer, BudgetScope scope, String sessionId) {
        if (scope != BudgetScope.SESSION) {
            return Uni.createFrom().failure(RequestRefused.forbidden("only an admin sets " + scope.value() + " budgets"));
        }
        return owners.find(sessionId).flatMap(owner -> owner != null && viewer.maySee(owner.userId())
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(RequestRefused.notFound("session", sessionId)));
    }

    private static <E extends Enum<E> & WireEnum> E parse(Class<E> type, String field,
            String value) {
        if (value == null) {
            throw RequestRefused.badRequest("invalid budget", field + " is required");
        }
        try {
            return WireEnum.fromValue(type, value);
        } catch (IllegalArgumentException e) {
            throw RequestRefused.badRequest("invalid budget", e.getMessage());
        }
    }
}
