package dev.podbench.sessions;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventType;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import io.smallrye.common.annotation.Identifier;

/**
 * Keeps the {@link SessionDirectory} current from the {@code sessions} channel (the compacted
 * {@code podbench.sessions} topic, read from its start by a group of each instance's own: every instance needs
 * every session) and the {@code session-events} channel ({@code podbench.session-events}, from now on: every
 * instance must hear every end). Announces {@link SessionFinished} and {@link SessionChanged}.
 */
@ApplicationScoped
public class SessionsConsumer {

    /** Set by the Kafka connector on a record whose value could not be decoded (delivered as null). */
    private static final String DESERIALIZATION_FAILURE = "deserialization-failure-reason";

    private final SessionDirectory directory;
    private final SessionsReplay replay;
    private final Event<SessionFinished> finished;
    private final Event<SessionChanged> changed;

    public SessionsConsumer(SessionDirectory directory, @Identifier(SessionsReplay.NAME) SessionsReplay replay,
            Event<SessionFinished> finished, Event<SessionChanged> changed) {
        this.directory = directory;
        this.replay = replay;
        this.finished = finished;
        this.changed = changed;
    }

    @Incoming("sessions")
    public void onSnapshot(ConsumerRecord<String, CloudEvent<?>> record) {
        try {
            apply(record);
        } finally {
            replay.applied(record.topic(), record.partition(), record.offset());
        }
    }

    private void apply(ConsumerRecord<String, CloudEvent<?>> record) {
        CloudEvent<?> event = record.value();
        if (event == null) {
            if (record.key() != null && record.headers().lastHeader(DESERIALIZATION_FAILURE) == null) {
                directory.remove(record.key());
                finished.fire(new SessionFinished(record.key()));
            }
            return;
        }
        if (!event.is(EventType.SESSION_SNAPSHOT)) {
            return;
        }
        SessionSnapshot incoming = event.dataAs(SessionSnapshot.class);
        SessionSnapshot held = directory.apply(incoming);
        if (held != incoming) {
            return;
        }
        if (held.state().isFinal()) {
            finished.fire(new SessionFinished(held.sessionId()));
        }
        changed.fire(new SessionChanged(held));
    }

    @Incoming("session-events")
    public void onSessionEvent(CloudEvent<?> event) {
        if (event == null || event.subject() == null) {
            return;
        }
        SessionState state = event.is(EventType.SESSION_ENDED) ? SessionState.ENDED
                : event.is(EventType.SESSION_FAILED) ? SessionState.FAILED : null;
        if (state != null) {
            directory.markFinal(event.subject(), state);
            finished.fire(new SessionFinished(event.subject()));
        }
    }
}
