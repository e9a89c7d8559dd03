package dev.podbench.cost.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.podbench.cost.UsageEvents;
import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.usage.UsageRecorded;
import dev.podbench.events.usage.UsageSource;

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

    @Test
    void aCostOrTokenCountNoTurnCanHaveIsRejected() throws UsageRejected {
        assertRejected(EventJson.encodeToString(UsageEvents.usage("s-1", "alice", "100000.01")), RejectReason.OUT_OF_RANGE);
        assertRejected(EventJson.encodeToString(UsageEvents.usage("s-1", "alice", "1E+40")), RejectReason.OUT_OF_RANGE);
        assertRejected(EventJson.encodeToString(UsageEvents.usage("s-1", "alice", "0.0000000000001")),
                RejectReason.OUT_OF_RANGE);
        assertRejected(EventJson.encodeToString(CloudEvent.of("/test", new UsageRecorded("s-1", UsageSource.TASK, "repo-1",
                "alice", "m", new BigDecimal("0.01"), Long.MAX_VALUE, 0, 0, 0, "agent", Instant.now()))),
                RejectReason.OUT_OF_RANGE);
        assertThat(UsageDecoder.decode(EventJson.encodeToString(UsageEvents.usage("s-1", "alice", "99999.123456789012"))
                .getBytes(StandardCharsets.UTF_8))).isNotNull();
    }

    private static void assertRejected(String value, RejectReason reason) {
        assertThatThrownBy(() -> UsageDecoder.decode(value.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(UsageRejected.class, e -> assertThat(e.reason()).isEqualTo(reason));
    }
}
