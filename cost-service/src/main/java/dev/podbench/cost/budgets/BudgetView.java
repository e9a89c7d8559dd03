package dev.podbench.cost.budgets;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import dev.podbench.events.DecimalStringSerializer;

/**
 * A budget as the API shows it, with its spend in the current period and its state: {@code ok}, {@code warning}
 * (80 % reached) or {@code exceeded} (100 %). {@code id} is the session, user or repository it is for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BudgetView(
        String budgetId,
        String scope,
        String id,
        @JsonSerialize(using = DecimalStringSerializer.class) BigDecimal limitUsd,
        String period,
        Instant periodStart,
        @JsonSerialize(using = DecimalStringSerializer.class) BigDecimal spentUsd,
        String state,
        String createdBy,
        Instant updatedAt) {

    static final BigDecimal WARNING_SHARE = new BigDecimal("0.8");

    static String state(BigDecimal spent, BigDecimal limit) {
        if (spent.compareTo(limit) >= 0) {
            return "exceeded";
        }
        return spent.compareTo(limit.multiply(WARNING_SHARE)) >= 0 ? "warning" : "ok";
    }

    /** How much of its limit this budget has used (for picking the tightest of several). */
    @JsonIgnore
    public BigDecimal usedShare() {
        return spentUsd.divide(limitUsd, 6, RoundingMode.HALF_UP);
    }
}
