package dev.podbench.events.cost;

import java.math.BigDecimal;
import java.time.Instant;

import dev.podbench.events.Require;

/** The required fields both budget alerts ({@link BudgetWarning}, {@link BudgetExceeded}) share. */
final class BudgetAlertFields {

    static void require(String sessionId, String budgetId, BudgetScope scope, BudgetPeriod period,
            Instant periodStart, BigDecimal limitUsd, BigDecimal spentUsd, Instant at) {
        Require.nonBlank(sessionId, "sessionId");
        Require.nonBlank(budgetId, "budgetId");
        Require.nonNull(scope, "scope");
        Require.nonNull(period, "period");
        Require.nonNull(periodStart, "periodStart");
        Require.nonNull(limitUsd, "limitUsd");
        Require.nonNull(spentUsd, "spentUsd");
        Require.nonNull(at, "at");
    }

    private BudgetAlertFields() {
    }
}
