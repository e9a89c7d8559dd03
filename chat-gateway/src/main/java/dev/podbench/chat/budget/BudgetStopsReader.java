package dev.podbench.chat.budget;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import dev.podbench.events.EventJson;
import dev.podbench.events.EventType;

/**
 * Reads the costs topic from its beginning into {@link BudgetStops}, on one platform thread, at every start: every
 * partition assigned directly (no group, no commits: each instance needs every stop, and there is nothing to
 * resume). {@link #caughtUp()} completes once it read up to the end offsets the partitions had at the start, so a
 * stop published before a restart is known before a message is let through.
 *
 * <p>Only {@code budget-exceeded} and {@code budget-lifted} are decoded; the session totals around them are skipped
 * by a look at the raw text. A record that cannot be read is skipped and logged.
 */
public class BudgetStopsReader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BudgetStopsReader.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final List<String> TYPES = List.of(EventType.COST_BUDGET_EXCEEDED.type(),
            EventType.COST_BUDGET_LIFTED.type());

    private final KafkaConsumer<String, String> consumer;
    private final String topic;
    private final BudgetStops stops;
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private final Thread thread;
    private volatile boolean closed;

    public BudgetStopsReader(String bootstrapServers, String topic, BudgetStops stops) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "chat-gateway-budget-stops");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
        this.topic = topic;
        this.stops = stops;
        this.thread = new Thread(this::run, "budget-stops");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** Completes once the topic was read up to where it ended at the start (a copy: completing it changes nothing). */
    public CompletableFuture<Void> caughtUp() {
        return caughtUp.copy();
    }

    /** Whether it still reads: false after close() or an error it could not get over (logged). */
    public boolean isReading() {
        return thread.isAlive();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            while (true) {
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    apply(record);
                }
                if (!caughtUp.isDone()) {
                    ends.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
                    if (ends.isEmpty()) {
                        LOG.infof("budget stops replayed: %d budgets known", stops.size());
                        caughtUp.complete(null);
                    }
                }
            }
        } catch (WakeupException e) {
            // close() ends the loop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.errorf(e, "budget stops are no longer read from %s", topic);
        } finally {
            consumer.close();
        }
    }

    /** The topic's partitions; waits for the topic to exist (a fresh installation creates it with the others). */
    private List<TopicPartition> partitions() throws InterruptedException {
        while (!closed) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic);
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            }
            LOG.infof("waiting for topic %s", topic);
            Thread.sleep(POLL.toMillis());
        }
        throw new WakeupException();
    }

    private void apply(ConsumerRecord<String, String> record) {
        String value = record.value();
        if (value == null || TYPES.stream().noneMatch(value::contains)) {
            return;
        }
        try {
            stops.apply(EventJson.decode(value));
        } catch (RuntimeException e) {
            LOG.warnf("skipped an unreadable record of %s-%d at offset %d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
