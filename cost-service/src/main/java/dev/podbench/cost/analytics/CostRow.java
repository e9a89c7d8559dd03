package dev.podbench.cost.analytics;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/** One group of {@code GET /api/costs}: its dimension values, its spend and how many sessions it spans. */
public record CostRow(Map<String, String> group, @JsonUnwrapped Spend spend, long sessions) {
}
