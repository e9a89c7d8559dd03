package dev.podbench.cost.analytics;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import dev.podbench.events.DecimalStringSerializer;

/** The answer of {@code GET /api/costs} (DESIGN.md). */
public record CostReport(LocalDate from, LocalDate to, String tz, List<String> groupBy,
        @JsonSerialize(using = DecimalStringSerializer.class) BigDecimal totalCostUsd, List<CostRow> rows) {
}
