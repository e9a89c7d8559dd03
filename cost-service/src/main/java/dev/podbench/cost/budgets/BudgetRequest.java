package dev.podbench.cost.budgets;

import java.math.BigDecimal;

/** The body of {@code PUT /api/budgets}: {@code {scope, id?, limitUsd, period}}; money as a decimal string. */
public record BudgetRequest(String scope, String id, BigDecimal limitUsd, String period) {
}
