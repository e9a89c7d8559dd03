package dev.podbench.cost.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.podbench.cost.UsageEvents;
import dev.podbench.events.EventJson;

class UsageDecoderTest {

    @Test
    void aUsageEventBecomesALedgerEntryWithItsCloudEventId() throws Exception {
        var event = UsageEvents.usage("s-1", "alice", "0.012345");

        LedgerEntry entry = UsageDecoder.decode(EventJson.encode(event));

        assertThat(entry.eventId()).isEqualTo(event.id());
        assertThat(entry.costUsd()).isEqualByComparingTo("0.012345");
        assertThat(entry.source()).isEqualTo("session");
        assertThat(entry.userId()).isEqualTo("alice");
        assertThat(entry.cacheReadTokens()).isEqualTo(1000);
    }

    @Test
    void brokenJsonIsNotJson() {
        assertRejected("{\"specversion\":", RejectReason.NOT_JSON);
        assertRejected("", RejectReason.NOT_JSON);
        assertRejected("42", RejectReason.NOT_JSON);
    }

    @Test
    void anotherTypeIsUnknownHere() {
        String json = EventJson.encodeToString(UsageEvents.usage("s-1", "alice", "1"))
                .replace("dev.podbench.usage.recorded.v1", "dev.acme.something.v1");
        assertRejected(json, RejectReason.UNKNOWN_TYPE);
    }

    @Test
    void aMissingFieldIsAnInvalidEvent() {
        String json = EventJson.encodeToString(UsageEvents.usage("s-1", "alice", "1"))
                .replace("\"costUsd\":\"1\",", "");
        assertRejected(json, RejectReason.INVALID_EVENT);
        assertRejected("{\"specversion\":\"1.0\",\"type\":\"dev.podbench.usage.recorded.v1\"}", RejectReason.INVALID_EVENT);
    }

    @Test
    void aNegativeCostIsRejected() {
        assertRejected(EventJson.encodeToString(UsageEvents.usage("s-1", "alice", "-0.01")), RejectReason.NEGATIVE_COST);
    }

    private static void assertRejected(String value, RejectReason reason) {
        assertThatThrownBy(() -> UsageDecoder.decode(value.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(UsageRejected.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
