package dev.podbench.cost.ledger;

import static dev.podbench.cost.UsageEvents.publish;
import static dev.podbench.cost.UsageEvents.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.Topics;
import dev.podbench.events.usage.UsageRecorded;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.TestConsumer;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;

@QuarkusTest
class LedgerIngestTest {

    @Inject
    Pool pool;

    @Inject
    UsageIngestService ingest;

    @Inject
    UsageBatchHandler handler;

    @Inject
    IngestMetrics metrics;

    LedgerProbe ledger;

    @BeforeEach
    void probe() {
        ledger = new LedgerProbe(pool);
    }

    @Test
    void eachEventCountsOnceAndTheSessionTotalIsPublished() throws Exception {
        String session = "s-" + UUID.randomUUID();
        var first = usage(session, "alice", "0.0125");
        var second = usage(session, "alice", "0.0130");
        try (TestConsumer costs = TestConsumer.fromEnd(Topics.COSTS)) {
            publish(Topics.USAGE, first);
            publish(Topics.USAGE, first); // redelivered by an at-least-once producer
            publish(Topics.USAGE, second);

            var total = costs.awaitRecord(r -> r.key().equals(session) && r.value().contains("\"turns\":2"));

            JsonNode event = EventJson.mapper().readTree(total.value());
            assertThat(event.get("type").asText()).isEqualTo("dev.podbench.cost.session-total.v1");
            assertThat(event.at("/data/totalCostUsd").asText()).isEqualTo("0.0255");
            assertThat(event.at("/data/userId").asText()).isEqualTo("alice");
        }
        assertThat(ledger.events(List.of(session))).isEqualTo(2);
        for (String rollup : LedgerProbe.ROLLUPS) {
            assertThat(ledger.rollupCost(rollup, List.of(session))).as(rollup).isEqualByComparingTo("0.0255");
        }
    }

    @Test
    void invalidRecordsAreDeadLetteredCountedAndTheConsumerGoesOn() {
        String session = "s-" + UUID.randomUUID();
        String valid = EventJson.encodeToString(usage(session, "bob", "0.5"));
        Map<String, RejectReason> invalid = Map.of(
                "{\"specversion\":\"1.0\",", RejectReason.NOT_JSON,
                valid.replace("dev.podbench.usage.recorded.v1", "dev.acme.other.v1")
                        .replace(session, session + "-x"), RejectReason.UNKNOWN_TYPE,
                EventJson.encodeToString(usage(session, "bob", "-1")), RejectReason.NEGATIVE_COST,
                EventJson.encodeToString(usage(session, "bob", "0.25")).replace("\"costUsd\":\"0.25\",", ""),
                RejectReason.INVALID_EVENT,
                EventJson.encodeToString(usage(session, "bob", "1E+40")), RejectReason.OUT_OF_RANGE);
        Map<RejectReason, Double> before = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            before.put(reason, metrics.rejectedCount(reason));
        }

        try (TestConsumer deadLetters = TestConsumer.fromEnd(Topics.USAGE_DEAD_LETTER);
                TestConsumer costs = TestConsumer.fromEnd(Topics.COSTS)) {
            invalid.keySet().forEach(value -> KafkaTestResource.send(Topics.USAGE, session, value));
            KafkaTestResource.send(Topics.USAGE, session, valid);

            costs.awaitRecord(r -> r.key().equals(session) && r.value().contains("\"totalCostUsd\":\"0.5\""));
            await().atMost(TestConsumer.DEFAULT_TIMEOUT)
                    .until(() -> deadLetters.records().stream().filter(r -> session.equals(r.key())).count()
                            == invalid.size());

            for (ConsumerRecord<String, String> record : deadLetters.records()) {
                if (!session.equals(record.key())) {
                    continue;
                }
                String reason = header(record, "podbench-dead-letter-reason");
                assertThat(invalid.get(record.value())).as(record.value()).isNotNull()
                        .extracting(RejectReason::value).isEqualTo(reason);
                assertThat(header(record, "podbench-dead-letter-topic")).isEqualTo(Topics.USAGE);
                assertThat(header(record, "podbench-dead-letter-offset")).matches("\\d+");
                assertThat(header(record, "podbench-dead-letter-detail")).isNotBlank();
            }
        }
        for (RejectReason reason : RejectReason.values()) {
            assertThat(metrics.rejectedCount(reason)).as(reason.value()).isEqualTo(before.get(reason) + 1);
        }
        assertThat(ledger.events(List.of(session))).isEqualTo(1);
        assertThat(ledger.totalsCost(List.of(session))).isEqualByComparingTo("0.5");
    }

    @Test
    void replayingTheTopicFromTheBeginningChangesNoTotal() throws Exception {
        String topic = newTopic();
        List<String> sessions = sessions(5);
        BigDecimal expected = publishMany(topic, sessions, 300);

        try (var first = ingest.newLoop("g-" + UUID.randomUUID(), topic, 50).start()) {
            awaitTotals(sessions, expected, 300);
        }
        String replayGroup = "replay-" + UUID.randomUUID();
        try (var replay = ingest.newLoop(replayGroup, topic, 50).start()) {
            awaitCaughtUp(replayGroup, topic);
        }

        assertConsistent(sessions, expected, 300);
    }

    @Test
    void restartingMidStreamChangesNoTotal() throws Exception {
        String topic = newTopic();
        String group = "g-" + UUID.randomUUID();
        List<String> sessions = sessions(4);
        BigDecimal firstHalf = publishMany(topic, sessions, 400);

        try (var before = ingest.newLoop(group, topic, 25).start()) {
            await().atMost(TestConsumer.DEFAULT_TIMEOUT).until(() -> ledger.events(sessions) > 0);
        } // stopped while records are still unread (or just read)
        long appliedBeforeRestart = ledger.events(sessions);
        BigDecimal secondHalf = publishMany(topic, sessions, 400);
        try (var after = ingest.newLoop(group, topic, 25).start()) {
            awaitTotals(sessions, firstHalf.add(secondHalf), 800);
            awaitCaughtUp(group, topic);
        }

        assertThat(appliedBeforeRestart).isBetween(1L, 800L);
        assertConsistent(sessions, firstHalf.add(secondHalf), 800);
    }

    @Test
    void aCrashBetweenTheDatabaseCommitAndTheOffsetCommitChangesNoTotal() throws Exception {
        String topic = newTopic();
        String group = "g-" + UUID.randomUUID();
        List<String> sessions = sessions(3);
        BigDecimal expected = publishMany(topic, sessions, 200);

        // what the loop does, up to the offset commit: poll, apply (ledger committed, totals published) — then die
        BigDecimal appliedBeforeCrash;
        try (KafkaConsumer<byte[], byte[]> crashing = consumer(group)) {
            crashing.subscribe(List.of(topic));
            List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>();
            await().atMost(TestConsumer.DEFAULT_TIMEOUT).until(() -> {
                crashing.poll(Duration.ofMillis(200)).forEach(batch::add);
                return !batch.isEmpty();
            });
            handler.handle(batch);
            appliedBeforeCrash = ledger.totalsCost(sessions);
            assertThat(appliedBeforeCrash).isPositive();
        } // closed without committing: Kafka hands the same records to the next member of the group

        try (var restarted = ingest.newLoop(group, topic, 50).start()) {
            awaitCaughtUp(group, topic);
        }

        assertConsistent(sessions, expected, 200);
    }

    private void assertConsistent(List<String> sessions, BigDecimal expected, long events) {
        assertThat(ledger.events(sessions)).isEqualTo(events);
        assertThat(ledger.ledgerCost(sessions)).isEqualByComparingTo(expected);
        for (String rollup : LedgerProbe.ROLLUPS) {
            assertThat(ledger.rollupCost(rollup, sessions)).as(rollup).isEqualByComparingTo(expected);
        }
        assertThat(ledger.totalsCost(sessions)).isEqualByComparingTo(expected);
        assertThat(ledger.totalsTurns(sessions)).isEqualTo(events);
    }

    private void awaitTotals(List<String> sessions, BigDecimal expected, long events) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> ledger.totalsTurns(sessions) == events && ledger.totalsCost(sessions).compareTo(expected) == 0);
    }

    /** Until the group has committed the end offset of every partition (everything read was applied). */
    private static void awaitCaughtUp(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaTestResource.bootstrapServers()))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).partitionResult(partition).get()
                    .offset();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                        .get().get(partition);
                return committed != null && committed.offset() == end;
            });
        }
    }

    private static String newTopic() {
        String topic = "usage-test-" + UUID.randomUUID();
        KafkaTestResource.createTopic(topic, 1, false);
        return topic;
    }

    private static List<String> sessions(int n) {
        List<String> sessions = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sessions.add("s-" + UUID.randomUUID());
        }
        return sessions;
    }

    /** Publishes n events spread over the sessions, with costs that expose any double count; answers their sum. */
    private static BigDecimal publishMany(String topic, List<String> sessions, int n) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            BigDecimal cost = new BigDecimal("0.000001").multiply(BigDecimal.valueOf(1000 + i));
            CloudEvent<UsageRecorded> event = usage(sessions.get(i % sessions.size()), "carol", cost.toPlainString());
            publish(topic, event);
            sum = sum.add(cost);
        }
        return sum;
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String group) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers());
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "60");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
