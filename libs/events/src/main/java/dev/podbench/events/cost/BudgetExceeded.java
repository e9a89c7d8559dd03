package dev.podbench.events.cost;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import dev.podbench.events.DecimalStringSerializer;
import dev.podbench.events.EventPayload;

/**
 * {@code dev.podbench.cost.budget-exceeded.v1} on {@code podbench.costs}: a budget's spend in its current period
 * reached its limit. Sessions under this budget should get no new agent turns until the limit is raised or the
 * period ends. Published once per budget and period by cost-service (again after a raise is used up).
 *
 * @param sessionId   the session whose spend reached the limit (required; the Kafka key)
 * @param budgetId    the budget (required)
 * @param scope       what the budget limits (required)
 * @param scopeId     the session, user or repository id; omitted for {@code global}
 * @param period      the budget's period (required)
 * @param periodStart start of the period the spend belongs to (UTC; the epoch for {@code total}) (required)
 * @param limitUsd    the budget's limit, decimal string (required)
 * @param spentUsd    the spend in the period, at or above the limit, decimal string (required)
 * @param at          when cost-service noticed (required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BudgetExceeded(
        String sessionId,
        String budgetId,
        BudgetScope scope,
        String scopeId,
        BudgetPeriod period,
        Instant periodStart,
        @JsonSerialize(using = DecimalStringSerializer.class) BigDecimal limitUsd,
        @JsonSerialize(using = DecimalStringSerializer.class) BigDecimal spentUsd,
        Instant at) implements EventPayload {

    public BudgetExceeded {
        BudgetAlertFields.require(sessionId, budgetId, scope, period, periodStart, limitUsd, spentUsd, at);
    }
}
