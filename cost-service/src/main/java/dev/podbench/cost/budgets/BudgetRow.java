package dev.podbench.cost.budgets;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.podbench.events.cost.BudgetPeriod;
import dev.podbench.events.cost.BudgetScope;
import io.vertx.mutiny.sqlclient.Row;

/** A budget with its spend in the current period, as the store reads it. */
public record BudgetRow(UUID id, BudgetScope scope, String scopeId, BigDecimal limitUsd, BudgetPeriod period,
        String createdBy, Instant updatedAt, Instant periodStart, BigDecimal spentUsd) {

    static BudgetRow of(Row row) {
        BigDecimal spent = row.getBigDecimal("spent_usd");
        return new BudgetRow(row.getUUID("id"), BudgetScope.fromValue(row.getString("scope")),
                row.getString("scope_id").isEmpty() ? null : row.getString("scope_id"), row.getBigDecimal("limit_usd"),
                BudgetPeriod.fromValue(row.getString("period")), row.getString("created_by"),
                row.getOffsetDateTime("updated_at").toInstant(), row.getOffsetDateTime("period_start").toInstant(),
                spent == null ? BigDecimal.ZERO : spent);
    }

    public BudgetView view() {
        return new BudgetView(id.toString(), scope.value(), scopeId, limitUsd, period.value(), periodStart, spentUsd,
                BudgetView.state(spentUsd, limitUsd), createdBy, updatedAt);
    }
}
