package dev.podbench.cost.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import dev.podbench.testkit.KafkaTestResource;

/**
 * The pipeline of {@link UsageIngestLoop} alone (no ledger): batches are applied one at a time and in order per
 * partition, and a batch that fails is applied again together with the batch decoded behind it, on every partition.
 */
class UsageIngestLoopTest {

    private static final int PARTITIONS = 3;
    private static final int RECORDS = 600;

    @Test
    void aFailedBatchAndTheOneDecodedBehindItAreBothAppliedAgainInOrder() throws Exception {
        String topic = "usage-loop-test-" + UUID.randomUUID();
        String group = "g-" + UUID.randomUUID();
        KafkaTestResource.createTopic(topic, PARTITIONS, false);
        for (int i = 0; i < RECORDS; i++) {
            KafkaTestResource.send(topic, "key-" + i, "record-" + i);
        }

        List<String> applied = new CopyOnWriteArrayList<>();
        AtomicBoolean applying = new AtomicBoolean();
        AtomicBoolean overlapped = new AtomicBoolean();
        AtomicInteger batches = new AtomicInteger();
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        try (UsageIngestLoop<List<String>> loop = new UsageIngestLoop<List<String>>(
                KafkaTestResource.bootstrapServers(), group, topic, 40,
                records -> records.stream().map(r -> r.partition() + ":" + r.offset()).toList(),
                batch -> {
                    if (!applying.compareAndSet(false, true)) {
                        overlapped.set(true);
                    }
                    try {
                        // the third and the seventh batch fail once each, while the next one may be decoded already
                        int n = batches.incrementAndGet();
                        if ((n == 3 || n == 7) && failedOnce.add(batch.get(0))) {
                            throw new IllegalStateException("the database is away");
                        }
                        applied.addAll(batch);
                    } finally {
                        applying.set(false);
                    }
                }, () -> { }, Duration.ofMillis(50)).start()) {
            awaitCommittedToTheEnd(group, topic);
        }

        assertThat(overlapped).as("two batches applied at once").isFalse();
        assertThat(failedOnce).hasSize(2);
        Map<Integer, List<Long>> byPartition = new HashMap<>();
        for (String position : applied) {
            String[] parts = position.split(":");
            byPartition.computeIfAbsent(Integer.parseInt(parts[0]), p -> new ArrayList<>())
                    .add(Long.parseLong(parts[1]));
        }
        assertThat(byPartition.values().stream().mapToInt(List::size).sum()).isEqualTo(RECORDS);
        byPartition.forEach((partition, offsets) -> {
            List<Long> expected = new ArrayList<>();
            for (long o = 0; o < offsets.size(); o++) {
                expected.add(o);
            }
            assertThat(offsets).as("partition %d: every record exactly once, in order", partition)
                    .isEqualTo(expected);
        });
    }

    private static void awaitCommittedToTheEnd(String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaTestResource.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            Map<TopicPartition, Long> ends = admin.listOffsets(latest).all().get().entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                        .partitionsToOffsetAndMetadata().get();
                return ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() == e.getValue());
            });
        }
    }
}
