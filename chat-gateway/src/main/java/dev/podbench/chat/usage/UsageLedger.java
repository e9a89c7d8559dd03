package dev.podbench.chat.usage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.mutiny.Uni;

/**
 * Turns each {@code result} into the cost of that turn. {@code total_cost_usd} is a running total, so the turn's
 * cost is the total minus where this count started ({@link CostBaseline}); every result is persisted with its
 * running totals under an id derived from the result's own identity, so a result seen twice counts once.
 */
@ApplicationScoped
public class UsageLedger {

    private static final int HISTORY = 200;

    private final UsageRecordRepository records;

    public UsageLedger(UsageRecordRepository records) {
        this.records = records;
    }

    /**
     * @param sessionId          the Podbench session
     * @param agentSessionId     the agent's conversation id
     * @param model              the model that served the turn
     * @param result             the {@code result} line
     * @param previousInProcess  the running totals of the previous result of the same process, or null
     * @param resumed            whether the process was started with {@code --resume}
     * @param turnTokens         tokens of this turn's own API responses
     */
    public record Turn(String sessionId, String agentSessionId, String model, JsonNode result,
            Totals previousInProcess, boolean resumed, long turnTokens) {
    }

    /** The record and whether it is new (false: this result had been counted already). */
    public record Counted(UsageRecord record, boolean fresh) {
    }

    /** Must run inside a transaction. */
    public Uni<Counted> count(Turn turn) {
        Totals current = Totals.cumulative(turn.result());
        String resultId = resultId(turn.result(), current);
        UUID eventId = eventId(turn.agentSessionId(), resultId);
        return records.findById(eventId).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().item(new Counted(existing, false));
            }
            Uni<Totals> baseline = turn.previousInProcess() != null
                    ? Uni.createFrom().item(turn.previousInProcess())
                    : records.history(turn.agentSessionId(), HISTORY).map(h -> CostBaseline.firstOfProcess(current,
                            turn.turnTokens(), turn.resumed(), h.stream().map(UsageRecord::cumulative).toList()));
            return baseline.chain(start -> {
                Totals share = current.since(start);
                UsageRecord r = new UsageRecord();
                r.eventId = eventId;
                r.sessionId = turn.sessionId();
                r.agentSessionId = turn.agentSessionId();
                r.resultId = resultId;
                r.model = turn.model();
                r.costUsd = plain(share.costUsd());
                r.inputTokens = share.inputTokens();
                r.outputTokens = share.outputTokens();
                r.cacheReadTokens = share.cacheReadTokens();
                r.cacheCreationTokens = share.cacheCreationTokens();
                r.totalCostUsd = current.costUsd();
                r.totalTokens = current.tokens();
                r.cumulativeInput = current.inputTokens();
                r.cumulativeOutput = current.outputTokens();
                r.cumulativeCacheRead = current.cacheReadTokens();
                r.cumulativeCacheCreation = current.cacheCreationTokens();
                r.recordedAt = Instant.now();
                // nothing to announce for a turn that spent nothing (e.g. "Not logged in")
                r.published = share.isZero();
                return records.persist(r).replaceWith(new Counted(r, true));
            });
        });
    }

    /** Without the database's trailing zeros: {@code "0.0125"}, not {@code "0.0125000000"}. */
    public static java.math.BigDecimal plain(java.math.BigDecimal value) {
        java.math.BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** The result's own id; CLIs without {@code uuid} are identified by the running totals they reached. */
    static String resultId(JsonNode result, Totals current) {
        String uuid = result.path("uuid").asText("");
        return !uuid.isBlank() ? uuid : "totals:" + current.costUsd().stripTrailingZeros().toPlainString() + ":"
                + current.tokens();
    }

    public static UUID eventId(String agentSessionId, String resultId) {
        return UUID.nameUUIDFromBytes(("podbench-usage:" + agentSessionId + ":" + resultId)
                .getBytes(StandardCharsets.UTF_8));
    }
}
