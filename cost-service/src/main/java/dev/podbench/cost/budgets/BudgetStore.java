package dev.podbench.cost.budgets;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.podbench.events.cost.BudgetLiftReason;
import dev.podbench.events.cost.BudgetPeriod;
import dev.podbench.events.cost.BudgetScope;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/** Budgets and their spend per period. The ingest transaction adds to the spend ({@code LedgerStore}). */
@ApplicationScoped
public class BudgetStore {

    /** The start of a budget's current period, in SQL (b = the budget row). */
    private static final String CURRENT_PERIOD = currentPeriodOf("b.period");

    private static final String SELECT_VIEW = """
            SELECT b.id, b.scope, b.scope_id, b.limit_usd, b.period, b.created_by, b.updated_at,
                   %s AS period_start, s.spent_usd
            FROM budget b LEFT JOIN budget_spend s ON s.budget_id = b.id AND s.period_start = %s
            """.formatted(CURRENT_PERIOD, CURRENT_PERIOD);

    private static final String SCOPE_MATCH = """
            ($3 = 'global' OR ($3 = 'session' AND session_id = $4) OR ($3 = 'user' AND user_id = $4)
             OR ($3 = 'repository' AND repository_id = $4))""";

    private final Pool pool;

    public BudgetStore(Pool pool) {
        this.pool = pool;
    }

    /**
     * Creates the budget for (scope, id, period) or changes its limit. A new budget starts with the spend the
     * ledger already holds for its current period; a raised limit re-arms the alerts it no longer deserves.
     */
    Uni<BudgetRow> put(BudgetScope scope, String scopeId, BigDecimal limit, BudgetPeriod period, String by) {
        Instant periodStart = periodStart(period, Instant.now());
        return pool.withTransaction(tx -> tx.preparedQuery("""
                INSERT INTO budget (id, scope, scope_id, limit_usd, period, created_by, created_at, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, now(), now())
                ON CONFLICT (scope, scope_id, period) DO UPDATE SET limit_usd = excluded.limit_usd, updated_at = now()
                RETURNING id
                """).execute(Tuple.from(List.<Object>of(UUID.randomUUID(), scope.value(), scopeId, limit,
                period.value(), by)))
                .map(rows -> rows.iterator().next().getUUID("id"))
                .flatMap(id -> tx.preparedQuery("""
                        INSERT INTO budget_spend (budget_id, period_start, spent_usd, last_session_id)
                        SELECT $1, $2, coalesce(sum(cost_usd), 0), max(session_id) FROM usage_hourly
                        WHERE hour >= $2 AND %s
                        ON CONFLICT (budget_id, period_start) DO NOTHING
                        """.formatted(SCOPE_MATCH)).execute(Tuple.of(id, periodStart.atOffset(ZoneOffset.UTC),
                        scope.value(), scopeId))
                        .flatMap(ignored -> tx.preparedQuery("""
                                UPDATE budget_spend s SET
                                    warned_at = CASE WHEN s.spent_usd < b.limit_usd * 0.8 THEN NULL ELSE s.warned_at END,
                                    exceeded_at = CASE WHEN s.spent_usd < b.limit_usd THEN NULL ELSE s.exceeded_at END
                                FROM budget b WHERE b.id = s.budget_id AND b.id = $1
                                """).execute(Tuple.of(id)))
                        .flatMap(ignored -> tx.preparedQuery(SELECT_VIEW + " WHERE b.id = $1").execute(Tuple.of(id)))
                        .map(rows -> BudgetRow.of(rows.iterator().next()))));
    }

    /** Every budget ({@code viewer} null), or those a user may see: their own, their sessions', the global ones. */
    Uni<List<BudgetRow>> list(String viewer) {
        if (viewer == null) {
            return pool.query(SELECT_VIEW + " ORDER BY b.created_at").execute().map(BudgetStore::rows);
        }
        return pool.preparedQuery(SELECT_VIEW + """
                 WHERE b.created_by = $1 OR b.scope = 'global' OR (b.scope = 'user' AND b.scope_id = $1)
                    OR (b.scope = 'session' AND b.scope_id IN (SELECT session_id FROM session_cost WHERE user_id = $1))
                 ORDER BY b.created_at
                """).execute(Tuple.of(viewer)).map(BudgetStore::rows);
    }

    Uni<BudgetRow> find(UUID id) {
        return pool.preparedQuery(SELECT_VIEW + " WHERE b.id = $1").execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : BudgetRow.of(rows.iterator().next()));
    }

    /** The budgets that apply to a session: its own, its user's, its repository's and the global ones. */
    public Uni<List<BudgetRow>> forSession(String sessionId, String userId, String repositoryId) {
        return pool.preparedQuery(SELECT_VIEW + """
                 WHERE b.scope = 'global' OR (b.scope = 'session' AND b.scope_id = $1)
                    OR (b.scope = 'user' AND b.scope_id = $2) OR (b.scope = 'repository' AND b.scope_id = $3)
                """).execute(Tuple.of(sessionId, userId, repositoryId)).map(BudgetStore::rows);
    }

    Uni<Boolean> delete(UUID id) {
        return pool.preparedQuery("DELETE FROM budget WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Budgets whose current-period spend crossed 80 % or 100 % without the alert having been published. */
    Uni<List<DueAlert>> dueAlerts() {
        return pool.query("""
                SELECT b.id, b.scope, b.scope_id, b.period, b.limit_usd, s.period_start, s.spent_usd,
                       s.last_session_id, s.spent_usd >= b.limit_usd AS exceeded
                FROM budget b JOIN budget_spend s ON s.budget_id = b.id AND s.period_start = %s
                WHERE s.last_session_id IS NOT NULL
                  AND ((s.spent_usd >= b.limit_usd AND s.exceeded_at IS NULL)
                       OR (s.spent_usd >= b.limit_usd * 0.8 AND s.warned_at IS NULL))
                """.formatted(CURRENT_PERIOD)).execute().map(BudgetStore::alerts);
    }

    private static List<DueAlert> alerts(RowSet<Row> rows) {
        List<DueAlert> due = new ArrayList<>();
        for (Row row : rows) {
            String scopeId = row.getString("scope_id");
            due.add(new DueAlert(row.getUUID("id"), BudgetScope.fromValue(row.getString("scope")),
                    scopeId.isEmpty() ? null : scopeId, BudgetPeriod.fromValue(row.getString("period")),
                    row.getOffsetDateTime("period_start").toInstant(), row.getBigDecimal("limit_usd"),
                    row.getBigDecimal("spent_usd"), row.getString("last_session_id"), row.getBoolean("exceeded")));
        }
        return due;
    }

    /**
     * Records that an alert was published; an exceeded alert also stands for the warning, and stops the budget's
     * sessions until {@link #dueLifts()} finds it lifted.
     */
    Uni<Void> markAlerted(DueAlert alert) {
        return pool.withTransaction(tx -> tx.preparedQuery("""
                UPDATE budget_spend SET warned_at = coalesce(warned_at, now()),
                       exceeded_at = CASE WHEN $3 THEN coalesce(exceeded_at, now()) ELSE exceeded_at END
                WHERE budget_id = $1 AND period_start = $2
                """).execute(Tuple.of(alert.budgetId(), alert.periodStart().atOffset(ZoneOffset.UTC), alert.exceeded()))
                .flatMap(ignored -> !alert.exceeded() ? Uni.createFrom().voidItem() : tx.preparedQuery("""
                        INSERT INTO budget_stop (budget_id, scope, scope_id, period, period_start, limit_usd, spent_usd,
                                                 session_id, stopped_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, now())
                        ON CONFLICT (budget_id) DO UPDATE SET period_start = excluded.period_start,
                            limit_usd = excluded.limit_usd, spent_usd = excluded.spent_usd,
                            session_id = excluded.session_id, stopped_at = excluded.stopped_at
                        """).execute(Tuple.from(List.<Object>of(alert.budgetId(), alert.scope().value(),
                        alert.scopeId() == null ? "" : alert.scopeId(), alert.period().value(),
                        alert.periodStart().atOffset(ZoneOffset.UTC), alert.limitUsd(), alert.spentUsd(),
                        alert.sessionId()))).replaceWithVoid()));
    }

    /**
     * Stopped budgets that stop nothing any more: deleted, their current period's spend below their (raised)
     * limit, or used up in a period that is over.
     */
    Uni<List<DueLift>> dueLifts() {
        String current = currentPeriodOf("st.period");
        return pool.query("""
                SELECT st.budget_id, st.scope, st.scope_id, st.period, st.session_id, %s AS current_start,
                       b.id IS NULL AS deleted, st.period_start < %s AS period_over,
                       coalesce(b.limit_usd, st.limit_usd) AS limit_usd,
                       CASE WHEN b.id IS NULL THEN st.spent_usd ELSE coalesce(s.spent_usd, 0) END AS spent_usd
                FROM budget_stop st
                LEFT JOIN budget b ON b.id = st.budget_id
                LEFT JOIN budget_spend s ON s.budget_id = st.budget_id AND s.period_start = %s
                WHERE b.id IS NULL OR st.period_start < %s OR coalesce(s.spent_usd, 0) < b.limit_usd
                """.formatted(current, current, current, current)).execute().map(rows -> {
            List<DueLift> due = new ArrayList<>();
            for (Row row : rows) {
                String scopeId = row.getString("scope_id");
                BudgetLiftReason reason = row.getBoolean("deleted") ? BudgetLiftReason.DELETED
                        : row.getBoolean("period_over") ? BudgetLiftReason.NEW_PERIOD : BudgetLiftReason.RAISED;
                due.add(new DueLift(row.getUUID("budget_id"), BudgetScope.fromValue(row.getString("scope")),
                        scopeId.isEmpty() ? null : scopeId, BudgetPeriod.fromValue(row.getString("period")),
                        row.getOffsetDateTime("current_start").toInstant(), row.getBigDecimal("limit_usd"),
                        row.getBigDecimal("spent_usd"), row.getString("session_id"), reason));
            }
            return due;
        });
    }

    /**
     * Stops still in force whose {@code budget-exceeded} is older than a day: announced again, so that a consumer
     * that reads the costs topic from its beginning (chat-gateway, at every start) finds every stop within the
     * topic's retention (7 days).
     */
    Uni<List<DueAlert>> dueRepeats() {
        return pool.query("""
                SELECT b.id, b.scope, b.scope_id, b.period, b.limit_usd, s.period_start, s.spent_usd,
                       st.session_id AS last_session_id, true AS exceeded
                FROM budget_stop st JOIN budget b ON b.id = st.budget_id
                JOIN budget_spend s ON s.budget_id = st.budget_id AND s.period_start = st.period_start
                WHERE st.stopped_at < now() - interval '1 day' AND st.period_start = %s AND s.spent_usd >= b.limit_usd
                """.formatted(CURRENT_PERIOD)).execute().map(BudgetStore::alerts);
    }

    /** Records that a lift was published: the budget stops nothing until it is used up again. */
    Uni<Void> markLifted(DueLift lift) {
        return pool.preparedQuery("DELETE FROM budget_stop WHERE budget_id = $1").execute(Tuple.of(lift.budgetId()))
                .replaceWithVoid();
    }

    private static String currentPeriodOf(String periodColumn) {
        return """
                CASE %s WHEN 'day' THEN date_trunc('day', now(), 'UTC')
                        WHEN 'month' THEN date_trunc('month', now(), 'UTC')
                        ELSE 'epoch'::timestamptz END""".formatted(periodColumn);
    }

    static Instant periodStart(BudgetPeriod period, Instant now) {
        var utc = now.atOffset(ZoneOffset.UTC).toLocalDate();
        return switch (period) {
            case TOTAL -> Instant.EPOCH;
            case DAY -> utc.atStartOfDay().toInstant(ZoneOffset.UTC);
            case MONTH -> utc.withDayOfMonth(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        };
    }

    private static List<BudgetRow> rows(RowSet<Row> rows) {
        List<BudgetRow> list = new ArrayList<>();
        rows.forEach(row -> list.add(BudgetRow.of(row)));
        return list;
    }
}
