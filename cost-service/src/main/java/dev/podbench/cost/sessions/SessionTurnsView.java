package dev.podbench.cost.sessions;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import dev.podbench.events.DecimalStringSerializer;

/**
 * {@code GET /api/sessions/{id}/cost/turns}: the session's agent turns from the ledger, newest first, at most
 * {@code limit} of them; {@code truncated} says that older turns were left out.
 */
public record SessionTurnsView(String sessionId, List<Turn> turns, boolean truncated) {

    /** One usage event: {@code turn} counts from 1 in the order the turns were recorded. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Turn(
            long turn,
            Instant recordedAt,
            String model,
            @JsonSerialize(using = DecimalStringSerializer.class) BigDecimal costUsd,
            long inputTokens,
            long outputTokens,
            long cacheReadTokens,
            long cacheCreationTokens) {
    }
}
