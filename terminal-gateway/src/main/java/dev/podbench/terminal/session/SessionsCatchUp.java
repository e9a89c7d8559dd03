package dev.podbench.terminal.session;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Notes how far the snapshot topic reached when this instance got its partitions, so the directory can tell
 * "not loaded yet" from "no such session": right after a restart a reconnecting browser must wait for the
 * replay, not be told its session is gone.
 */
@ApplicationScoped
@Identifier(SessionsCatchUp.NAME)
public class SessionsCatchUp implements KafkaConsumerRebalanceListener {

    public static final String NAME = "sessions-catch-up";

    private final SessionDirectory directory;
    /** Partitions still behind the end offset they had when assigned. */
    private final Map<TopicPartition, Long> behind = new ConcurrentHashMap<>();

    public SessionsCatchUp(SessionDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
        behind.clear();
        ends.forEach((partition, end) -> {
            if (end > starts.getOrDefault(partition, 0L)) {
                behind.put(partition, end);
            }
        });
        checkDone();
    }

    /** A record of the snapshot topic was applied. */
    void consumed(String topic, int partition, long offset) {
        TopicPartition tp = new TopicPartition(topic, partition);
        Long end = behind.get(tp);
        if (end != null && offset + 1 >= end) {
            behind.remove(tp);
            checkDone();
        }
    }

    private void checkDone() {
        if (behind.isEmpty()) {
            directory.loaded();
        }
    }
}
