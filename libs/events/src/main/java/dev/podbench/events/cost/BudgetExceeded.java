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
 * {@code dev.podbench.cost.budget-exceeded.v1} on {@code podbench.costs}: a budget's spend in its current period
 * reached its limit. Sessions under this budget should get no new agent turns until the limit is raised or the
 * period ends. Published once per budget and period by cost-service (again after a raise is used up).
 *
 * @param sessionId   the session whose spend reached the limit (required; the Kafka key)
 * @param budget      the budget and the period it was crossed in (required)
 * @param spentUsd    the spend in the period, at or above the limit, decimal string (required)
 * @param at          when cost-service noticed (required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BudgetExceeded(
        String sessionId,
        BudgetLimit budget,
        @JsonSerialize(using = DecimalStringSerializer.class) BigDecimal spentUsd,
        Instant at) implements EventPayload {

    public BudgetExceeded {
        Require.nonBlank(sessionId, "sessionId");
        Require.nonNull(budget, "budget");
        Require.nonNull(spentUsd, "spentUsd");
        Require.nonNull(at, "at");
    }
}
