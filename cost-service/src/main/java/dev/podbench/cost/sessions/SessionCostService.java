package dev.podbench.cost.sessions;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import dev.podbench.cost.analytics.Spend;
import dev.podbench.cost.budgets.BudgetRow;
import dev.podbench.cost.budgets.BudgetStore;
import dev.podbench.cost.budgets.BudgetView;
import dev.podbench.events.cost.BudgetScope;
import dev.podbench.http.ApiException;
import dev.podbench.http.Caller;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** A session's cost: its running total, its split by model and its tightest budget. Only for its owner or an admin. */
@ApplicationScoped
public class SessionCostService {

    /** The most turns one answer lists. */
    public static final int MAX_TURNS = 1000;

    private final Pool pool;
    private final OwnedSessions sessions;
    private final BudgetStore budgets;

    public SessionCostService(Pool pool, OwnedSessions sessions, BudgetStore budgets) {
        this.pool = pool;
        this.sessions = sessions;
        this.budgets = budgets;
    }

    public Uni<SessionCostView> cost(Caller caller, String sessionId) {
        return sessions.find(caller, sessionId).flatMap(session -> pool.preparedQuery("""
                SELECT total_cost_usd, turns, input_tokens, output_tokens, cache_read_tokens,
                       cache_creation_tokens, updated_at FROM session_cost WHERE session_id = $1
                """).execute(Tuple.of(sessionId)).flatMap(rows -> {
                    if (rows.size() == 0) {
                        // the owner's session has spent nothing yet
                        return Uni.createFrom().item(new SessionCostView(sessionId, BigDecimal.ZERO, 0, 0, 0, 0, 0,
                                List.of(), null, null));
                    }
                    Row total = rows.iterator().next();
                    return byModel(sessionId).flatMap(models -> budgets
                            .forSession(sessionId, session.owner(), session.repositoryId())
                            .map(applicable -> view(sessionId, total, models, applicable.stream()
                                    .filter(b -> mayShow(caller, b))
                                    .map(b -> b.view()).max(Comparator.comparing(BudgetView::usedShare))
                                    .orElse(null))));
                }));
    }

    /** The session's latest {@code limit} turns (newest first), one per usage event of the ledger. */
    public Uni<SessionTurnsView> turns(Caller caller, String sessionId, int limit) {
        if (limit < 1 || limit > MAX_TURNS) {
            throw ApiException.badRequest("invalid limit", "limit must be between 1 and " + MAX_TURNS + ", got " + limit);
        }
        // one row more than asked tells whether older turns were left out
        return sessions.find(caller, sessionId).flatMap(session -> pool.preparedQuery("""
                SELECT turn, recorded_at, model, cost_usd, input_tokens, output_tokens, cache_read_tokens,
                       cache_creation_tokens
                FROM (SELECT row_number() OVER (ORDER BY recorded_at, event_id) AS turn, recorded_at,
                             nullif(model, '') AS model, cost_usd, input_tokens, output_tokens, cache_read_tokens,
                             cache_creation_tokens
                      FROM usage_event WHERE session_id = $1) numbered
                ORDER BY turn DESC LIMIT $2
                """).execute(Tuple.of(sessionId, limit + 1)).map(rows -> {
                    List<SessionTurnsView.Turn> turns = new ArrayList<>();
                    for (Row row : rows) {
                        turns.add(new SessionTurnsView.Turn(row.getLong("turn"),
                                row.getOffsetDateTime("recorded_at").toInstant(), row.getString("model"),
                                row.getBigDecimal("cost_usd"), row.getLong("input_tokens"), row.getLong("output_tokens"),
                                row.getLong("cache_read_tokens"), row.getLong("cache_creation_tokens")));
                    }
                    boolean truncated = turns.size() > limit;
                    return new SessionTurnsView(sessionId, truncated ? turns.subList(0, limit) : turns, truncated);
                }));
    }

    /**
     * A repository's or the installation's budget adds up everybody's spend: a user sees only the budgets of their
     * session and of themselves (DESIGN.md: a user sees their own spend), an admin every budget.
     */
    static boolean mayShow(Caller caller, BudgetRow budget) {
        return caller.admin() || budget.scope() == BudgetScope.SESSION || budget.scope() == BudgetScope.USER;
    }

    private Uni<List<SessionCostView.ModelCost>> byModel(String sessionId) {
        return pool.preparedQuery("SELECT nullif(model, '') AS model, " + Spend.SUMS
                + " FROM usage_hourly WHERE session_id = $1 GROUP BY model ORDER BY cost_usd DESC")
                .execute(Tuple.of(sessionId)).map(rows -> {
                    List<SessionCostView.ModelCost> models = new ArrayList<>();
                    for (Row row : rows) {
                        models.add(new SessionCostView.ModelCost(row.getString("model"), Spend.of(row)));
                    }
                    return models;
                });
    }

    private static SessionCostView view(String sessionId, Row total, List<SessionCostView.ModelCost> models,
            BudgetView budget) {
        return new SessionCostView(sessionId, total.getBigDecimal("total_cost_usd"), total.getLong("turns"),
                total.getLong("input_tokens"), total.getLong("output_tokens"), total.getLong("cache_read_tokens"),
                total.getLong("cache_creation_tokens"), models, total.getOffsetDateTime("updated_at").toInstant(),
                budget);
    }
}
