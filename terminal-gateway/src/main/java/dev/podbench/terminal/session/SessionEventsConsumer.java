package dev.podbench.terminal.session;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventType;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import io.smallrye.common.annotation.Identifier;

/**
 * Keeps the {@link SessionDirectory} current. Each gateway instance reads the snapshot topic from the start
 * with a group of its own (see application.properties), because every instance needs every session and every
 * instance must hear every end to close its own connections.
 */
@ApplicationScoped
public class SessionEventsConsumer {

    private static final Logger LOG = Logger.getLogger(SessionEventsConsumer.class);

    private final SessionDirectory directory;
    private final Event<SessionFinished> finished;
    private final SessionsCatchUp catchUp;

    public SessionEventsConsumer(SessionDirectory directory, Event<SessionFinished> finished,
            @Identifier(SessionsCatchUp.NAME) SessionsCatchUp catchUp) {
        this.directory = directory;
        this.finished = finished;
        this.catchUp = catchUp;
    }

    @Incoming("sessions")
    public void onSnapshot(ConsumerRecord<String, CloudEvent<?>> record) {
        try {
            apply(record);
        } finally {
            catchUp.consumed(record.topic(), record.partition(), record.offset());
        }
    }

    private void apply(ConsumerRecord<String, CloudEvent<?>> record) {
        CloudEvent<?> event = record.value();
        if (event == null) {
            if (record.key() != null && record.headers().lastHeader("deserialization-failure-reason") == null) {
                directory.remove(record.key());
                finished.fire(new SessionFinished(record.key()));
            }
            return;
        }
        if (!event.is(EventType.SESSION_SNAPSHOT)) {
            return;
        }
        SessionSnapshot held = directory.update(event.dataAs(SessionSnapshot.class));
        if (held.state().isFinal()) {
            finished.fire(new SessionFinished(held.sessionId()));
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
            LOG.debugf("session %s %s", event.subject(), state.value());
            directory.markFinal(event.subject(), state);
            finished.fire(new SessionFinished(event.subject()));
        }
    }
}
