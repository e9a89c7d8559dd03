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
 * {@code dev.podbench.cost.session-total.v1} on {@code podbench.costs}: the running total of a session's
 * spend, published by cost-service after each usage record it applies. The latest one per session wins
 * (compare {@code updatedAt}, or {@code turns}).
 *
 * @param sessionId    the session (required)
 * @param repositoryId its repository
 * @param userId       its owner
 * @param totalCostUsd the session's total spend in USD, decimal string (required)
 * @param turns        how many usage records (agent turns) the total includes
 * @param updatedAt    when the total was computed (required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SessionCostTotal(
        String sessionId,
        String repositoryId,
        String userId,
        @JsonSerialize(using = DecimalStringSerializer.class) BigDecimal totalCostUsd,
        long turns,
        Instant updatedAt) implements EventPayload {

    public SessionCostTotal {
        Require.nonBlank(sessionId, "sessionId");
        Require.nonNull(totalCostUsd, "totalCostUsd");
        Require.nonNegative(turns, "turns");
        Require.nonNull(updatedAt, "updatedAt");
    }
}
