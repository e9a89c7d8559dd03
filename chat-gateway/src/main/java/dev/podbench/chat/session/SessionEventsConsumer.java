package dev.podbench.chat.session;

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
 * Keeps the {@link SessionDirectory} current and announces session ends. Each instance reads the snapshot topic
 * from its start with a group of its own (see application.properties): every instance needs every session.
 */
@ApplicationScoped
public class SessionEventsConsumer {

    private final SessionDirectory directory;
    private final Event<SessionFinished> finished;
    private final Event<SessionChanged> changed;
    private final SessionsReplay replay;

    public SessionEventsConsumer(SessionDirectory directory, Event<SessionFinished> finished,
            Event<SessionChanged> changed, @Identifier(SessionsReplay.NAME) SessionsReplay replay) {
        this.directory = directory;
        this.finished = finished;
        this.changed = changed;
        this.replay = replay;
    }

    @Incoming("sessions")
    public void onSnapshot(ConsumerRecord<String, CloudEvent<?>> record) {
        try {
            CloudEvent<?> event = record.value();
            if (event == null) {
                // a tombstone (not a value we failed to decode): the session is gone for good
                if (record.key() != null && record.headers().lastHeader("deserialization-failure-reason") == null) {
                    directory.remove(record.key());
                    finished.fire(new SessionFinished(record.key()));
                }
                return;
            }
            if (event.is(EventType.SESSION_SNAPSHOT)) {
                SessionSnapshot held = directory.update(event.dataAs(SessionSnapshot.class));
                if (held.state().isFinal()) {
                    finished.fire(new SessionFinished(held.sessionId()));
                } else {
                    changed.fire(new SessionChanged(held));
                }
            }
        } finally {
            replay.applied(record.topic(), record.partition(), record.offset());
        }
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
