package dev.podbench.cost.budgets;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import dev.podbench.events.cost.BudgetPeriod;
import dev.podbench.events.cost.BudgetScope;

/** A budget whose current-period spend crossed a threshold that has not been announced yet. */
record DueAlert(UUID budgetId, BudgetScope scope, String scopeId, BudgetPeriod period, Instant periodStart,
        BigDecimal limitUsd, BigDecimal spentUsd, String sessionId, boolean exceeded) {
}
