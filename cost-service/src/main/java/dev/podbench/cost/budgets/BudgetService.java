package dev.podbench.cost.budgets;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.podbench.cost.sessions.OwnedSessions;
import dev.podbench.events.WireEnum;
import dev.podbench.events.cost.BudgetPeriod;
import dev.podbench.events.cost.BudgetScope;
import dev.podbench.http.ApiException;
import dev.podbench.http.Caller;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Who may set, see and remove which budget: an admin any; a user their own sessions' budgets. */
@ApplicationScoped
public class BudgetService {

    private static final Logger LOG = Logger.getLogger(BudgetService.class);

    private final BudgetStore store;
    private final OwnedSessions sessions;
    private final BudgetAlerts alerts;

    public BudgetService(BudgetStore store, OwnedSessions sessions, BudgetAlerts alerts) {
        this.store = store;
        this.sessions = sessions;
        this.alerts = alerts;
    }

    public Uni<BudgetView> put(Caller viewer, BudgetRequest request) {
        if (request == null) {
            throw ApiException.badRequest("send the budget as JSON: its scope, id (except for a global budget), "
                    + "limitUsd and period", null);
        }
        BudgetScope scope = parse(BudgetScope.class, "scope", request.scope());
        BudgetPeriod period = parse(BudgetPeriod.class, "period", request.period());
        BigDecimal limit = request.limitUsd();
        if (limit == null || limit.signum() <= 0) {
            throw ApiException.badRequest("the limit must be an amount above zero, such as \"25.00\"",
                    Map.of("field", "limitUsd"));
        }
        String scopeId = scope == BudgetScope.GLOBAL ? "" : request.id();
        if (scopeId == null || scopeId.isBlank()) {
            throw ApiException.badRequest("a " + scope.value() + " budget needs the id of the " + scope.value()
                    + " it limits", Map.of("field", "id"));
        }
        Uni<Void> allowed = viewer.admin() ? Uni.createFrom().voidItem() : mayManageSessionBudget(viewer, scope, scopeId);
        return allowed.flatMap(ok -> store.put(scope, scopeId, limit, period, viewer.name()))
                .call(this::announceChanges).map(BudgetRow::view);
    }

    public Uni<List<BudgetView>> list(Caller viewer) {
        return store.list(viewer.admin() ? null : viewer.name()).map(rows -> rows.stream().map(BudgetRow::view).toList());
    }

    public Uni<Void> delete(Caller viewer, String budgetId) {
        UUID id;
        try {
            id = UUID.fromString(budgetId);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("budget", budgetId);
        }
        return store.find(id).flatMap(budget -> {
            if (budget == null) {
                return Uni.createFrom().failure(ApiException.notFound("budget", budgetId));
            }
            Uni<Void> allowed = viewer.admin() ? Uni.createFrom().voidItem()
                    : mayManageSessionBudget(viewer, budget.scope(), budget.scopeId());
            return allowed.flatMap(ok -> store.delete(id)).call(this::announceChanges).replaceWithVoid();
        });
    }

    /**
     * A raised or deleted budget lifts its stop at once (the ingest loop would within a poll); the answer waits for
     * Kafka's acknowledgement. On failure the ingest loop's next pass publishes it.
     */
    private Uni<Void> announceChanges() {
        return Uni.createFrom().<Void>item(() -> {
            alerts.publishDue();
            return null;
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().invoke(e -> LOG.warnf("budget changes not announced yet: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    private Uni<Void> mayManageSessionBudget(Caller viewer, BudgetScope scope, String sessionId) {
        if (scope != BudgetScope.SESSION) {
            return Uni.createFrom().failure(ApiException.forbidden("only an administrator can set a " + scope.value()
                    + " budget; anyone can set one on their own session", Map.of("field", "scope")));
        }
        return sessions.find(viewer, sessionId).replaceWithVoid();
    }

    private static <E extends Enum<E> & WireEnum> E parse(Class<E> type, String field,
            String value) {
        if (value == null) {
            throw ApiException.badRequest("the budget's " + field + " is required: " + WireEnum.choices(type),
                    Map.of("field", field));
        }
        try {
            return WireEnum.fromValue(type, value);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("the " + field + " must be " + WireEnum.choices(type) + ", not '" + value + "'",
                    Map.of("field", field, "value", value));
        }
    }
}
