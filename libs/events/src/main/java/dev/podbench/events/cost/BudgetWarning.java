package dev.podbench.events.cost;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import dev.podbench.events.DecimalStringSerializer;
import dev.podbench.events.EventPayload;
import dev.podbench.events.Require;

/**
 * {@code dev.podbench.cost.budget-warning.v1} on {@code podbench.costs}: a budget's spend in its current period
 * reached {@code thresholdPercent} (80) of its limit. Published once per budget and period by cost-service.
 *
 * @param sessionId        the session whose spend crossed the threshold (required; the Kafka key)
 * @param budgetId         the budget (required)
 * @param scope            what the budget limits (required)
 * @param scopeId          the session, user or repository id; omitted for {@code global}
 * @param period           the budget's period (required)
 * @param periodStart      start of the period the spend belongs to (UTC; the epoch for {@code total}) (required)
 * @param limitUsd         the budget's limit, decimal string (required)
 * @param spentUsd         the spend in the period when the threshold was crossed, decimal string (required)
 * @param thresholdPercent the percentage of the limit that was reached
 * @param at               when cost-service noticed (required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BudgetWarning(
        String sessionId,
        String budgetId,
        BudgetScope scope,
        String scopeId,
        BudgetPeriod period,
        Instant periodStart,
        @JsonSerialize(using = DecimalStringSerializer.class) BigDecimal limitUsd,
        @JsonSerialize(using = DecimalStringSerializer.class) BigDecimal spentUsd,
        long thresholdPercent,
        Instant at) implements EventPayload {

    public BudgetWarning {
        BudgetAlertFields.require(sessionId, budgetId, scope, period, periodStart, limitUsd, spentUsd, at);
        Require.nonNegative(thresholdPercent, "thresholdPercent");
    }
}
