package dev.podbench.session.outbox;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.EventType;

/**
 * Where state changes leave their events. {@link #append} must run inside the transaction that makes the
 * change: the event is then published if and only if the change was committed.
 */
@ApplicationScoped
public class Outbox implements PanacheRepositoryBase<OutboxEvent, Long> {

    private final OutboxRelay relay;

    public Outbox(OutboxRelay relay) {
        this.relay = relay;
    }

    public Uni<Void> append(CloudEvent<?> event) {
        EventType type = event.eventType()
                .orElseThrow(() -> new IllegalArgumentException("not a contract event: " + event.type()));
        OutboxEvent row = new OutboxEvent();
        row.eventId = UUID.fromString(event.id());
        row.sessionId = UUID.fromString(event.subject());
        row.topic = type.topic();
        row.type = event.type();
        row.payload = EventJson.encodeToString(event);
        row.createdAt = Instant.now();
        return persist(row).replaceWithVoid();
    }

    /** Call after the transaction committed: publishes now instead of at the next poll. */
    public void committed() {
        relay.wakeUp();
    }
}
