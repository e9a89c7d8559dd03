package dev.podbench.events.kafka;

import java.util.concurrent.CompletableFuture;

import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;

import dev.podbench.events.CloudEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/**
 * Publishing a CloudEvent through a SmallRye Reactive Messaging {@link Emitter} the way every Podbench service
 * does: the Kafka key is the event's session id ({@link CloudEvent#key()}), and the outcome is a {@link Uni}
 * that completes once Kafka acknowledged the record and fails when it did not (nack, overflow, channel down).
 *
 * <p>Lazy like every {@code Uni}: nothing is sent before it is subscribed to.
 */
public final class EventEmitters {

    public static Uni<Void> send(Emitter<CloudEvent<?>> emitter, CloudEvent<?> event) {
        return Uni.createFrom().emitter(done -> {
            Message<CloudEvent<?>> message = Message.<CloudEvent<?>> of(event)
                    .addMetadata(OutgoingKafkaRecordMetadata.<String> builder().withKey(event.key()).build())
                    .withAck(() -> {
                        done.complete(null);
                        return CompletableFuture.completedFuture(null);
                    })
                    .withNack(failure -> {
                        done.fail(failure);
                        return CompletableFuture.completedFuture(null);
                    });
            try {
                emitter.send(message);
            } catch (RuntimeException e) {
                // an overflowing buffer or a channel that is down: the caller's failure, never an exception
                done.fail(e);
            }
        });
    }

    private EventEmitters() {
    }
}
