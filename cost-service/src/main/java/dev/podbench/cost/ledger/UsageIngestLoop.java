package dev.podbench.cost.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.jboss.logging.Logger;

/**
 * The usage consumer: one platform thread polling batches, handing each to the handler, and committing the
 * offsets only after the handler returned (ledger committed, results acknowledged). A failed batch is read
 * again after a backoff; a crash anywhere before the offset commit redelivers the batch, which the ledger
 * ignores. Bounded memory: one batch of at most {@code maxBatch} records at a time.
 */
public final class UsageIngestLoop implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UsageIngestLoop.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Consumer<List<ConsumerRecord<byte[], byte[]>>> handler;
    private final Runnable idle;
    private final Duration backoff;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param handler applies a batch; throws if it could not (then the batch is retried)
     * @param idle    runs when a poll brought nothing (e.g. alerts due after a budget changed); must not throw
     */
    public UsageIngestLoop(String bootstrapServers, String groupId, String topic, int maxBatch,
            Consumer<List<ConsumerRecord<byte[], byte[]>>> handler, Runnable idle, Duration backoff) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, Integer.toString(maxBatch));
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "cost-service-" + groupId);
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.topic = topic;
        this.handler = handler;
        this.idle = idle;
        this.backoff = backoff;
        this.thread = new Thread(this::run, "usage-ingest-" + topic);
        thread.setDaemon(true);
    }

    public UsageIngestLoop start() {
        thread.start();
        return this;
    }

    private void run() {
        Duration wait = backoff;
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    idle.run();
                    continue;
                }
                List<ConsumerRecord<byte[], byte[]>> batch = new ArrayList<>(records.count());
                records.forEach(batch::add);
                try {
                    handler.accept(batch);
                    consumer.commitSync(nextOffsets(batch));
                    wait = backoff;
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.errorf(e, "applying %d usage records failed; reading them again in %s", batch.size(), wait);
                    rewind(batch);
                    Thread.sleep(wait.toMillis());
                    wait = wait.multipliedBy(2).compareTo(backoff.multipliedBy(10)) > 0 ? backoff.multipliedBy(10)
                            : wait.multipliedBy(2);
                }
            }
        } catch (WakeupException e) {
            // close() woke the poll up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            offsets.merge(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    private void rewind(List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        first.forEach(consumer::seek);
    }

    /** Stops polling; a batch being applied finishes (and is committed) first. */
    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
