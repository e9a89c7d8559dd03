package dev.podbench.cost.ledger;

import java.io.IOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.EventType;
import dev.podbench.events.InvalidEventException;
import dev.podbench.events.usage.UsageRecorded;

/** Turns a usage-topic record value into a ledger entry, or says why it cannot be one. */
public final class UsageDecoder {

    public static LedgerEntry decode(byte[] value) throws UsageRejected {
        if (value == null || value.length == 0) {
            throw new UsageRejected(RejectReason.NOT_JSON, "the record has no value");
        }
        JsonNode tree;
        try {
            tree = EventJson.mapper().readTree(value);
        } catch (JsonProcessingException e) {
            throw new UsageRejected(RejectReason.NOT_JSON, "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UsageRejected(RejectReason.NOT_JSON, "not JSON: " + e.getMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new UsageRejected(RejectReason.NOT_JSON, "not a JSON object");
        }
        CloudEvent<?> event;
        try {
            event = EventJson.decode(tree);
        } catch (InvalidEventException e) {
            throw new UsageRejected(RejectReason.INVALID_EVENT, e.getMessage());
        }
        if (!event.is(EventType.USAGE_RECORDED)) {
            throw new UsageRejected(RejectReason.UNKNOWN_TYPE,
                    "type '" + event.type() + "' is not " + EventType.USAGE_RECORDED.type());
        }
        UsageRecorded usage = event.dataAs(UsageRecorded.class);
        if (usage == null) {
            throw new UsageRejected(RejectReason.INVALID_EVENT, "event " + event.id() + " has no data");
        }
        if (usage.costUsd().signum() < 0) {
            throw new UsageRejected(RejectReason.NEGATIVE_COST,
                    "event " + event.id() + " has a negative costUsd " + usage.costUsd().toPlainString());
        }
        if (usage.costUsd().compareTo(MAX_TURN_COST_USD) > 0 || usage.costUsd().stripTrailingZeros().scale() > MAX_SCALE
                || Math.max(Math.max(usage.inputTokens(), usage.outputTokens()),
                        Math.max(usage.cacheReadTokens(), usage.cacheCreationTokens())) > MAX_TURN_TOKENS) {
            throw new UsageRejected(RejectReason.OUT_OF_RANGE, "event " + event.id() + " has a cost or token count out "
                    + "of range (at most " + MAX_TURN_COST_USD.toPlainString() + " USD with " + MAX_SCALE
                    + " decimals and " + MAX_TURN_TOKENS + " tokens of each kind per turn)");
        }
        return LedgerEntry.of(event.id(), usage);
    }

    /** Far above any real turn, far below what would overflow the totals summed over years. */
    static final BigDecimal MAX_TURN_COST_USD = new BigDecimal("100000");
    static final int MAX_SCALE = 12;
    static final long MAX_TURN_TOKENS = 1_000_000_000_000L;

    private UsageDecoder() {
    }
}
