package dev.podbench.sessions;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Tells "still replaying the snapshot topic" from "no such session": notes each partition's end offset when it
 * is assigned, and marks the {@link SessionDirectory} caught up once every partition has been applied up to it.
 * Right after a restart a reconnecting browser must wait for the replay, not be told its session is gone.
 *
 * <p>Name it as the {@code sessions} channel's {@code consumer-rebalance-listener.name}.
 */
@ApplicationScoped
@Identifier(SessionsReplay.NAME)
public class SessionsReplay implements KafkaConsumerRebalanceListener {

    public static final String NAME = "podbench-sessions-replay";

    private final SessionDirectory directory;
    /** Partitions still behind the end offset they had when assigned. */
    private final Map<TopicPartition, Long> behind = new ConcurrentHashMap<>();

    public SessionsReplay(SessionDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned(consumer.beginningOffsets(partitions), consumer.endOffsets(partitions));
    }

    /** Partitions assigned with these first and end offsets: the directory is caught up once it read to the ends. */
    void assigned(Map<TopicPartition, Long> starts, Map<TopicPartition, Long> ends) {
        behind.clear();
        ends.forEach((partition, end) -> {
            if (end > starts.getOrDefault(partition, 0L)) {
                behind.put(partition, end);
            }
        });
        markIfCaughtUp();
    }

    /** A record of the snapshot topic was applied (or skipped). */
    void applied(String topic, int partition, long offset) {
        TopicPartition key = new TopicPartition(topic, partition);
        Long end = behind.get(key);
        if (end != null && offset + 1 >= end) {
            behind.remove(key);
            markIfCaughtUp();
        }
    }

    private void markIfCaughtUp() {
        if (behind.isEmpty()) {
            directory.markCaughtUp();
        }
    }
}
