package dev.podbench.cost.ledger;

import java.math.BigDecimal;
import java.time.Instant;

import dev.podbench.events.cost.SessionCostTotal;

/** A session's running total as the ledger holds it after a batch. */
public record SessionTotal(String sessionId, String repositoryId, String userId, BigDecimal totalCostUsd, long turns,
        Instant updatedAt) {

    public SessionCostTotal toEvent() {
        return new SessionCostTotal(sessionId, repositoryId, userId, totalCostUsd, turns, updatedAt);
    }
}
