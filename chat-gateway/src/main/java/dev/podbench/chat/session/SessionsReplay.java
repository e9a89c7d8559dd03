package dev.podbench.chat.session;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;

/**
 * Tells "still replaying the snapshot topic" from "no such session": it notes each partition's end offset when
 * assigned and marks the directory replayed once every partition has been read up to it.
 */
@ApplicationScoped
@Identifier(SessionsReplay.NAME)
public class SessionsReplay implements KafkaConsumerRebalanceListener {

    public static final String NAME = "chat-sessions-replay";

    private final SessionDirectory directory;
    private final Map<TopicPartition, Long> pending = new ConcurrentHashMap<>();

    public SessionsReplay(SessionDirectory directory) {
        this.directory = directory;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> starts = consumer.beginningOffsets(partitions);
        pending.clear();
        consumer.endOffsets(partitions).forEach((partition, end) -> {
            if (end > starts.getOrDefault(partition, 0L)) {
                pending.put(partition, end);
            }
        });
        if (pending.isEmpty()) {
            directory.replayed();
        }
    }

    void applied(String topic, int partition, long offset) {
        TopicPartition key = new TopicPartition(topic, partition);
        Long end = pending.get(key);
        if (end != null && offset + 1 >= end) {
            pending.remove(key);
            if (pending.isEmpty()) {
                directory.replayed();
            }
        }
    }
}
