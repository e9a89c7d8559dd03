package dev.podbench.pr.tracking;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.EventType;
import dev.podbench.events.InvalidEventException;
import dev.podbench.events.pullrequest.PullRequestDetected;
import dev.podbench.events.session.SessionEnded;
import dev.podbench.events.session.SessionFailed;

/**
 * What pr-tracker hears: pull requests detected in terminals and chats (stored once per event id, read at once),
 * and sessions ending (their PRs are followed a while longer). A pull-request record it cannot read is counted
 * ({@code podbench.pr.events.skipped}) and kept on the dead-letter topic; an unreadable session event is counted and
 * skipped (every service reads that topic: pr-tracker is not the one to keep it). Neither stops the consumer.
 */
@ApplicationScoped
public class DetectedConsumer {

    private static final Logger LOG = Logger.getLogger(DetectedConsumer.class);

    private final PullRequestStore store;
    private final PullRequestTracker tracker;
    private final DeadLetterPublisher deadLetters;
    private final Clock clock;
    private final MeterRegistry meters;

    public DetectedConsumer(PullRequestStore store, PullRequestTracker tracker, DeadLetterPublisher deadLetters,
            Clock clock, MeterRegistry meters) {
        this.store = store;
        this.tracker = tracker;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.meters = meters;
    }

    /** The raw bytes, decoded here: a record that is not a valid event must reach the dead-letter topic as it came. */
    @Incoming("detected")
    public Uni<Void> onPullRequestEvent(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return skipped(record, "empty");
        }
        CloudEvent<?> event;
        try {
            event = EventJson.decode(record.value());
        } catch (InvalidEventException e) {
            return skipped(record, "unreadable").chain(() -> deadLetters.reject(record, "unreadable", e.getMessage()));
        }
        if (!event.is(EventType.PULL_REQUEST_DETECTED)) {
            return Uni.createFrom().voidItem(); // our own updates share the topic
        }
        PullRequestDetected detected = event.dataAs(PullRequestDetected.class);
        // a passing database hiccup must not lose a detection; a retry is safe (idempotent on the event id)
        return store.recordDetected(event.id(), detected, clock.instant())
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(5)).atMost(5)
                .invoke(created -> created.ifPresent(id -> tracker.refreshNow(id).subscribe().with(
                        done -> { }, failure -> LOG.warnf("first read of pull request %d failed: %s", id, failure))))
                .replaceWithVoid();
    }

    @Incoming("session-ends")
    public Uni<Void> onSessionEvent(ConsumerRecord<String, CloudEvent<?>> record) {
        CloudEvent<?> event = record.value();
        if (event == null) {
            return skipped(record, "unreadable");
        }
        if (event.data() instanceof SessionEnded ended) {
            return store.sessionEnded(ended.sessionId(), ended.endedAt());
        }
        if (event.data() instanceof SessionFailed failed) {
            return store.sessionEnded(failed.sessionId(), failed.failedAt());
        }
        return Uni.createFrom().voidItem();
    }

    private Uni<Void> skipped(ConsumerRecord<String, ?> record, String reason) {
        meters.counter("podbench.pr.events.skipped", "topic", record.topic(), "reason", reason).increment();
        LOG.warnf("skipped an unreadable record at %s-%d@%d", record.topic(), record.partition(), record.offset());
        return Uni.createFrom().voidItem();
    }
}
