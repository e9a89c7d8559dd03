package dev.podbench.events.usage;

import java.math.BigDecimal;
import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import dev.podbench.events.DecimalStringSerializer;
import dev.podbench.events.EventPayload;
import dev.podbench.events.Require;

/**
 * {@code dev.podbench.usage.recorded.v1} on {@code podbench.usage}: one per agent turn. {@code costUsd} is
 * the cost of <em>this turn only</em> (a delta, never a running total), as a decimal string. Consumers
 * summing it must be idempotent on the CloudEvent {@code id}.
 *
 * @param sessionId           the session (required)
 * @param source              {@code session} (interactive chat) or {@code task} (required)
 * @param repositoryId        the session's repository
 * @param userId              the user the spend is attributed to
 * @param model               the model that served the turn (e.g. {@code claude-sonnet-4-5})
 * @param costUsd             USD spent by this turn, decimal string (required)
 * @param inputTokens         uncached input tokens
 * @param outputTokens        output tokens
 * @param cacheReadTokens     input tokens read from the prompt cache
 * @param cacheCreationTokens input tokens written to the prompt cache
 * @param agentSessionId      the coding agent's own session id (e.g. Claude Code's), for correlation
 * @param recordedAt          when the turn finished (required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UsageRecorded(
        String sessionId,
        UsageSource source,
        String repositoryId,
        String userId,
        String model,
        @JsonSerialize(using = DecimalStringSerializer.class) BigDecimal costUsd,
        long inputTokens,
        long outputTokens,
        long cacheReadTokens,
        long cacheCreationTokens,
        String agentSessionId,
        Instant recordedAt) implements EventPayload {

    public UsageRecorded {
        Require.nonBlank(sessionId, "sessionId");
        Require.nonNull(source, "source");
        Require.nonNull(costUsd, "costUsd");
        Require.nonNegative(inputTokens, "inputTokens");
        Require.nonNegative(outputTokens, "outputTokens");
        Require.nonNegative(cacheReadTokens, "cacheReadTokens");
        Require.nonNegative(cacheCreationTokens, "cacheCreationTokens");
        Require.nonNull(recordedAt, "recordedAt");
    }

    /** All tokens of the turn: input + output + cache read + cache creation. */
    public long totalTokens() {
        return inputTokens + outputTokens + cacheReadTokens + cacheCreationTokens;
    }
}
