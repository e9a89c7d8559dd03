package dev.podbench.chat.usage;

import jakarta.enterprise.context.ApplicationScoped;

import dev.podbench.chat.events.ChatEventsPublisher;
import dev.podbench.contexts.Contexts;
import dev.podbench.events.usage.UsageRecorded;
import dev.podbench.events.usage.UsageSource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/** Publishes a persisted usage record and marks it published; the event id is the record's, so a resend is harmless. */
@ApplicationScoped
public class UsagePublisher {

    private final UsageRecordRepository records;
    private final ChatEventsPublisher publisher;
    private final Vertx vertx;

    public UsagePublisher(UsageRecordRepository records, ChatEventsPublisher publisher, Vertx vertx) {
        this.records = records;
        this.publisher = publisher;
        this.vertx = vertx;
    }

    /** {@code repositoryId} and {@code userId} come from the session's snapshot (null when it is unknown). */
    public Uni<Void> publish(UsageRecord r, String repositoryId, String userId) {
        return publisher.usage(r.eventId.toString(), payload(r, repositoryId, userId))
                .chain(() -> Contexts.on(Contexts.newContext(vertx),
                        () -> Panache.withTransaction(() -> records.markPublished(r.eventId))))
                .replaceWithVoid();
    }

    /** The contract payload for a counted turn. */
    static UsageRecorded payload(UsageRecord r, String repositoryId, String userId) {
        return new UsageRecorded(r.sessionId, UsageSource.SESSION, repositoryId, userId, r.model,
                UsageLedger.plain(r.costUsd), r.inputTokens, r.outputTokens, r.cacheReadTokens, r.cacheCreationTokens,
                r.agentSessionId, r.recordedAt);
    }
}
