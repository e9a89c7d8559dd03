package dev.podbench.cost.budgets;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.podbench.events.cost.BudgetLiftReason;
import dev.podbench.events.cost.BudgetPeriod;
import dev.podbench.events.cost.BudgetScope;

/** A stopped budget that stops nothing any more, with its current period, limit and spend; not announced yet. */
record DueLift(UUID budgetId, BudgetScope scope, String scopeId, BudgetPeriod period, Instant periodStart,
        BigDecimal limitUsd, BigDecimal spentUsd, String sessionId, BudgetLiftReason reason) {
}
