package dev.podbench.pr.tracking;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

import dev.podbench.events.kafka.DeadLetters;

/**
 * Keeps a record pr-tracker cannot read on {@code podbench.pull-requests.dead-letter} (channel {@code dead-letters}),
 * as it came (same key, same value bytes) with libs/events' {@link DeadLetters} headers saying why and from where.
 */
@ApplicationScoped
public class DeadLetterPublisher {

    private final MutinyEmitter<byte[]> deadLetters;

    public DeadLetterPublisher(@Channel("dead-letters") @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 256)
            MutinyEmitter<byte[]> deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** Completes once Kafka has the dead letter: only then may the rejected record's offset be committed. */
    public Uni<Void> reject(ConsumerRecord<String, byte[]> record, String reason, String detail) {
        return deadLetters.sendMessage(Message.of(record.value()).addMetadata(OutgoingKafkaRecordMetadata.<String> builder()
                .withKey(record.key()).withHeaders(DeadLetters.headers(record, reason, detail)).build()));
    }
}
