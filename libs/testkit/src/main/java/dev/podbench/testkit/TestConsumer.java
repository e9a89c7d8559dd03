package dev.podbench.testkit;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * Collects the records of one topic (all partitions, string keys and values) on a background thread, without a
 * consumer group (no rebalance delays, no committed offsets).
 *
 * <pre>
 * try (TestConsumer usage = TestConsumer.fromEnd(Topics.USAGE)) {
 *     ... make the service publish ...
 *     ConsumerRecord&lt;String, String&gt; r = usage.awaitRecord(rec -&gt; rec.key().equals(sessionId));
 *     // or: await().until(usage::count, n -&gt; n &gt;= 2);
 * }
 * </pre>
 */
public final class TestConsumer implements AutoCloseable {

    /** How long the {@code await*} helpers wait. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

    private final String topic;
    private final KafkaConsumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;
    private volatile RuntimeException failure;

    private TestConsumer(String topic, boolean fromBeginning) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaTestResource.bootstrapServers(),
                ConsumerConfig.CLIENT_ID_CONFIG, "podbench-testkit-consumer-" + topic,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new StringDeserializer());
        try {
            List<TopicPartition> partitions = partitions(topic);
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            // resolve the positions now: "from the end" means from the moment this constructor returns
            partitions.forEach(p -> consumer.position(p, Duration.ofSeconds(10)));
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        this.poller = new Thread(this::poll, "test-consumer-" + topic);
        poller.setDaemon(true);
        poller.start();
    }

    /** Records produced from now on. */
    public static TestConsumer fromEnd(String topic) {
        return new TestConsumer(topic, false);
    }

    /** Every record still in the topic, then the new ones. */
    public static TestConsumer fromBeginning(String topic) {
        return new TestConsumer(topic, true);
    }

    private List<TopicPartition> partitions(String topic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topic " + topic + " does not exist");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private void poll() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure = e;
        } finally {
            consumer.close(Duration.ZERO);
        }
    }

    public String topic() {
        return topic;
    }

    /** A snapshot of the records received so far, in arrival order. */
    public List<ConsumerRecord<String, String>> records() {
        checkFailure();
        return List.copyOf(records);
    }

    /** The values received so far. */
    public List<String> values() {
        return records().stream().map(ConsumerRecord::value).toList();
    }

    public int count() {
        checkFailure();
        return records.size();
    }

    /** The first record received so far that matches. */
    public Optional<ConsumerRecord<String, String>> find(Predicate<ConsumerRecord<String, String>> match) {
        return records().stream().filter(match).findFirst();
    }

    /** Waits (up to {@link #DEFAULT_TIMEOUT}) until at least {@code n} records arrived; returns them all. */
    public List<ConsumerRecord<String, String>> awaitRecords(int n) {
        await().atMost(DEFAULT_TIMEOUT).until(() -> count() >= n);
        return records();
    }

    /** Waits (up to {@link #DEFAULT_TIMEOUT}) for a matching record and returns the first one. */
    public ConsumerRecord<String, String> awaitRecord(Predicate<ConsumerRecord<String, String>> match) {
        return await().atMost(DEFAULT_TIMEOUT).until(() -> find(match), Optional::isPresent).orElseThrow();
    }

    /** Forgets the records received so far. */
    public void clear() {
        records.clear();
    }

    private void checkFailure() {
        RuntimeException f = failure;
        if (f != null) {
            throw new IllegalStateException("consumer of " + topic + " failed", f);
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "TestConsumer[" + topic + ", " + new ArrayList<>(records).size() + " records]";
    }
}
