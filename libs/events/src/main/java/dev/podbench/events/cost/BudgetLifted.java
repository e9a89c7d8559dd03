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
 * {@code dev.podbench.cost.budget-lifted.v1} on {@code podbench.costs}: a budget that was used up
 * ({@link BudgetExceeded}) stops its sessions no longer, because its limit was raised above the spend, it was
 * deleted, or a new day or month began. Published by cost-service at once, after the {@code budget-exceeded} it
 * lifts; it supersedes every {@code budget-exceeded} of the same {@code budgetId} with an earlier {@code at}.
 *
 * @param sessionId the session the lifted {@code budget-exceeded} named (required; the Kafka key)
 * @param budget    the budget as it is now (for {@code deleted}: as it was), in its current period (required)
 * @param spentUsd  the spend in that period, decimal string (required)
 * @param reason    why the stop ends (required)
 * @param at        when cost-service lifted it (required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record BudgetLifted(
        String sessionId,
        BudgetLimit budget,
        @JsonSerialize(using = DecimalStringSerializer.class) BigDecimal spentUsd,
        BudgetLiftReason reason,
        Instant at) implements EventPayload {

    public BudgetLifted {
        Require.nonBlank(sessionId, "sessionId");
        Require.nonNull(budget, "budget");
        Require.nonNull(spentUsd, "spentUsd");
        Require.nonNull(reason, "reason");
        Require.nonNull(at, "at");
    }
}
