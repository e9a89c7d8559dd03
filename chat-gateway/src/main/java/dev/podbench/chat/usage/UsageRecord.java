package dev.podbench.chat.usage;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;


/** A result of the agent as counted: this turn's share, and the running totals it carried. */
@Entity
@Table(name = "usage_record")
public class UsageRecord {

    @Id
    @Column(name = "event_id")
    public UUID eventId;

    @Column(name = "session_id", nullable = false)
    public String sessionId;

    @Column(name = "agent_session_id", nullable = false)
    public String agentSessionId;

    @Column(name = "result_id", nullable = false)
    public String resultId;

    public String model;

    @Column(name = "cost_usd", nullable = false, precision = 20, scale = 10)
    public BigDecimal costUsd;

    @Column(name = "input_tokens", nullable = false)
    public long inputTokens;

    @Column(name = "output_tokens", nullable = false)
    public long outputTokens;

    @Column(name = "cache_read_tokens", nullable = false)
    public long cacheReadTokens;

    @Column(name = "cache_creation_tokens", nullable = false)
    public long cacheCreationTokens;

    @Column(name = "total_cost_usd", nullable = false, precision = 20, scale = 10)
    public BigDecimal totalCostUsd;

    @Column(name = "total_tokens", nullable = false)
    public long totalTokens;

    @Column(name = "cumulative_input", nullable = false)
    public long cumulativeInput;

    @Column(name = "cumulative_output", nullable = false)
    public long cumulativeOutput;

    @Column(name = "cumulative_cache_read", nullable = false)
    public long cumulativeCacheRead;

    @Column(name = "cumulative_cache_creation", nullable = false)
    public long cumulativeCacheCreation;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;

    @Column(nullable = false)
    public boolean published;

    @Column(insertable = false, updatable = false)
    public Long position;

    public Totals cumulative() {
        return new Totals(totalCostUsd, cumulativeInput, cumulativeOutput, cumulativeCacheRead, cumulativeCacheCreation);
    }

    public Totals turn() {
        return new Totals(costUsd, inputTokens, outputTokens, cacheReadTokens, cacheCreationTokens);
    }
}
