package dev.podbench.cost.sessions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import dev.podbench.cost.analytics.Spend;
import dev.podbench.cost.budgets.BudgetView;
import dev.podbench.events.DecimalStringSerializer;

/**
 * {@code GET /api/sessions/{id}/cost}: the session's total, per model, and the budget closest to its limit
 * among those that apply to it (omitted when none does).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionCostView(
        String sessionId,
        @JsonSerialize(using = DecimalStringSerializer.class) BigDecimal totalCostUsd,
        long turns,
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheCreationTokens,
        List<ModelCost> byModel,
        Instant updatedAt,
        BudgetView budget) {

    /** One model's share of the session. */
    public record ModelCost(String model, @JsonUnwrapped Spend spend) {
    }
}
