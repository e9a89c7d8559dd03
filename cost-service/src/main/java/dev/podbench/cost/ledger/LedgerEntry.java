package dev.podbench.cost.ledger;

import java.math.BigDecimal;
import java.time.Instant;

import dev.podbench.events.usage.UsageRecorded;

/** One accepted usage event, as the ledger stores it: the CloudEvent id and its payload. */
public record LedgerEntry(
        String eventId,
        String sessionId,
        String source,
        String repositoryId,
        String userId,
        String model,
        BigDecimal costUsd,
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheCreationTokens,
        String agentSessionId,
        Instant recordedAt) {

    public static LedgerEntry of(String eventId, UsageRecorded usage) {
        return new LedgerEntry(eventId, usage.sessionId(), usage.source().value(), usage.repositoryId(),
                usage.userId(), usage.model(), usage.costUsd(), usage.inputTokens(), usage.outputTokens(),
                usage.cacheReadTokens(), usage.cacheCreationTokens(), usage.agentSessionId(), usage.recordedAt());
    }
}
