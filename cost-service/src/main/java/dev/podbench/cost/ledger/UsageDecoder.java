package dev.podbench.cost.ledger;

import java.io.IOException;

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
        return LedgerEntry.of(event.id(), usage);
    }

    private UsageDecoder() {
    }
}
