package dev.podbench.web.updates;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventType;
import dev.podbench.sessions.SessionChanged;

/**
 * Feeds the {@link UpdatesHub}: session snapshots as the session directory (libs/sessions, fed by
 * {@code podbench.sessions}) takes them, and everything on {@code podbench.costs} and {@code podbench.pull-requests}.
 */
@ApplicationScoped
public class UpdatesConsumer {

    private final UpdatesHub hub;

    public UpdatesConsumer(UpdatesHub hub) {
        this.hub = hub;
    }

    void sessionChanged(@Observes SessionChanged changed) {
        hub.publish(SessionUpdate.of(changed.snapshot()));
    }

    /** A session's new total is a {@code cost} event; its budget's warning or stop a {@code budget} event. */
    @Incoming("costs")
    public void costs(ConsumerRecord<String, CloudEvent<?>> record) {
        CloudEvent<?> event = record.value();
        if (event != null && event.is(EventType.COST_SESSION_TOTAL)) {
            forward(event, "cost");
        } else if (event != null && (event.is(EventType.COST_BUDGET_WARNING) || event.is(EventType.COST_BUDGET_EXCEEDED))) {
            forward(event, "budget");
        }
    }

    @Incoming("pull-requests")
    public void pullRequests(ConsumerRecord<String, CloudEvent<?>> record) {
        forward(record.value(), "pull-request");
    }

    private void forward(CloudEvent<?> event, String name) {
        if (event == null || event.subject() == null || event.eventType().isEmpty()) {
            return;
        }
        hub.publish(SessionUpdate.of(event.subject(), name, event.type(), event.data()));
    }
}
