package dev.podbench.cost.ledger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;

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
 * The usage consumer, a two-stage pipeline: the polling thread reads and decodes batch N+1 while an apply thread writes
 * batch N (ledger transaction, results acknowledged); the offsets of N are committed only after N was applied, and
 * N+1 is handed over only after that commit, so batches are applied and committed strictly in order. A failed batch
 * is read again after a backoff, together with the one decoded behind it (the decode stage has no side effects); a
 * crash anywhere before the offset commit redelivers the batch, which the ledger ignores. Bounded memory: at most
 * two batches of at most {@code maxBatch} records at a time.
 *
 * @param <P> a decoded batch
 */
public final class UsageIngestLoop<P> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(UsageIngestLoop.class);
    private static final Duration POLL = Duration.ofMillis(500);
    /** How long a poll may wait for the next batch while one is being applied (at most this delays its commit). */
    private static final Duration POLL_WHILE_APPLYING = Duration.ofMillis(100);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final Function<List<ConsumerRecord<byte[], byte[]>>, P> decode;
    private final Consumer<P> apply;
    private final Runnable idle;
    private final Duration backoff;
    private final Thread thread;
    private final ExecutorService applier;
    private volatile boolean running = true;

    /**
     * @param decode turns records into a batch to apply; no side effects (a decoded batch may be dropped)
     * @param apply  applies a batch; throws if it could not (then the batch is read again)
     * @param idle   runs when a poll brought nothing (e.g. alerts due after a budget changed); must not throw
     */
    public UsageIngestLoop(String bootstrapServers, String groupId, String topic, int maxBatch,
            Function<List<ConsumerRecord<byte[], byte[]>>, P> decode, Consumer<P> apply, Runnable idle,
            Duration backoff) {
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
        this.decode = decode;
        this.apply = apply;
        this.idle = idle;
        this.backoff = backoff;
        this.thread = new Thread(this::run, "usage-ingest-" + topic);
        thread.setDaemon(true);
        this.applier = Executors.newSingleThreadExecutor(task -> {
            Thread applying = new Thread(task, "usage-apply-" + topic);
            applying.setDaemon(true);
            return applying;
        });
    }

    public UsageIngestLoop<P> start() {
        thread.start();
        return this;
    }

    private void run() {
        Duration wait = backoff;
        Applying applying = null;
        try {
            consumer.subscribe(List.of(topic));
            while (running) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(applying == null ? POLL : POLL_WHILE_APPLYING);
                List<ConsumerRecord<byte[], byte[]>> next = new ArrayList<>(records.count());
                records.forEach(next::add);
                P decoded = null;
                RuntimeException decodeFailure = null;
                try {
                    decoded = next.isEmpty() ? null : decode.apply(next);
                } catch (RuntimeException e) {
                    decodeFailure = e;
                }
                boolean failed = false;
                if (applying != null) {
                    Applying done = applying;
                    applying = null;
                    failed = !finish(done, next);
                    if (!failed) {
                        wait = backoff;
                    }
                }
                if (!failed && decodeFailure != null) {
                    LOG.errorf(decodeFailure, "decoding %d usage records failed; reading them again in %s",
                            next.size(), wait);
                    rewind(next);
                    failed = true;
                }
                if (failed) {
                    Thread.sleep(wait.toMillis());
                    wait = wait.multipliedBy(2).compareTo(backoff.multipliedBy(10)) > 0
                            ? backoff.multipliedBy(10) : wait.multipliedBy(2);
                    continue;
                }
                if (decoded != null) {
                    P batch = decoded;
                    applying = new Applying(next, applier.submit(() -> apply.accept(batch)));
                } else {
                    idle.run();
                }
            }
        } catch (WakeupException e) {
            // close() woke the poll or the commit up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (applying != null) {
                // the batch being applied finishes; committing it only spares its redelivery
                finishQuietly(applying);
            }
            applier.shutdown();
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
    }

    /**
     * Waits for a batch being applied and commits its offsets. If it failed (or the commit did), rewinds to it, and
     * to the records polled behind it (dropping them), so both are read again; answers whether it succeeded.
     */
    private boolean finish(Applying applying, List<ConsumerRecord<byte[], byte[]>> behind) throws InterruptedException {
        try {
            awaitApplied(applying);
            consumer.commitSync(nextOffsets(applying.records()));
            return true;
        } catch (WakeupException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "applying %d usage records failed; reading them again", applying.records().size());
            rewind(behind);
            rewind(applying.records());
            return false;
        }
    }

    private void finishQuietly(Applying applying) {
        try {
            awaitApplied(applying);
            consumer.commitSync(nextOffsets(applying.records()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warnf("the last %d usage records are not committed (%s); they will be read again",
                    applying.records().size(), e.toString());
        }
    }

    private static void awaitApplied(Applying applying) throws InterruptedException {
        try {
            applying.result().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
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

    /** Moves each partition of the batch back to the batch's first record there. */
    private void rewind(List<ConsumerRecord<byte[], byte[]>> batch) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        first.forEach(consumer::seek);
    }

    /** Stops polling; a batch being applied finishes first. */
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

    /** A batch handed to the apply thread: its records (for the offsets) and the outcome. */
    private record Applying(List<ConsumerRecord<byte[], byte[]>> records, Future<?> result) {
    }
}
