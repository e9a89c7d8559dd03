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
 * @param budget           the budget and the period it was crossed in (required)
 * @param spentUsd         the spend in the period when the threshold was crossed, decimal string (required)
 * @param thresholdPercent the percentage of the limit that was reached
 * @param at               when cost-service noticed (required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BudgetWarning(
        String sessionId,
        BudgetLimit budget,
        @JsonSerialize(using = DecimalStringSerializer.class) BigDecimal spentUsd,
        long thresholdPercent,
        Instant at) implements EventPayload {

    public BudgetWarning {
        Require.nonBlank(sessionId, "sessionId");
        Require.nonNull(budget, "budget");
        Require.nonNull(spentUsd, "spentUsd");
        Require.nonNull(at, "at");
        Require.nonNegative(thresholdPercent, "thresholdPercent");
    }
}
