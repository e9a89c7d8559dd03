package dev.podbench.events.cost;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import dev.podbench.events.DecimalStringSerializer;
import dev.podbench.events.Require;

/**
 * The budget a budget alert ({@link BudgetWarning}, {@link BudgetExceeded}) is about, in the period it was crossed.
 *
 * @param budgetId    the budget (required)
 * @param scope       what the budget limits (required)
 * @param scopeId     the session, user or repository id; omitted for {@code global}
 * @param period      the budget's period (required)
 * @param periodStart start of the period the spend belongs to (UTC; the epoch for {@code total}) (required)
 * @param limitUsd    the budget's limit, decimal string (required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BudgetLimit(
        String budgetId,
        BudgetScope scope,
        String scopeId,
        BudgetPeriod period,
        Instant periodStart,
        @JsonSerialize(using = DecimalStringSerializer.class) BigDecimal limitUsd) {

    public BudgetLimit {
        Require.nonBlank(budgetId, "budgetId");
        Require.nonNull(scope, "scope");
        Require.nonNull(period, "period");
        Require.nonNull(periodStart, "periodStart");
        Require.nonNull(limitUsd, "limitUsd");
    }
}
