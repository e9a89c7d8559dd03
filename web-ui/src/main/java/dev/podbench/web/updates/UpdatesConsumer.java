package dev.podbench.web.updates;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.EventType;
import dev.podbench.events.session.SessionSnapshot;

/** Feeds the {@link UpdatesHub} from {@code podbench.sessions}, {@code podbench.costs} and {@code podbench.pull-requests}. */
@ApplicationScoped
public class UpdatesConsumer {

    private static final Logger LOG = Logger.getLogger(UpdatesConsumer.class);

    private final UpdatesHub hub;

    public UpdatesConsumer(UpdatesHub hub) {
        this.hub = hub;
    }

    @Incoming("sessions")
    public void sessions(ConsumerRecord<String, CloudEvent<?>> record) {
        CloudEvent<?> event = record.value();
        if (event == null) {
            if (record.key() != null) {
                hub.forget(record.key());
            }
            return;
        }
        if (event.is(EventType.SESSION_SNAPSHOT)) {
            SessionSnapshot snapshot = event.dataAs(SessionSnapshot.class);
            hub.snapshot(snapshot, json(event));
        }
    }

    @Incoming("costs")
    public void costs(ConsumerRecord<String, CloudEvent<?>> record) {
        forward(record.value(), "cost");
    }

    @Incoming("pull-requests")
    public void pullRequests(ConsumerRecord<String, CloudEvent<?>> record) {
        forward(record.value(), "pull-request");
    }

    private void forward(CloudEvent<?> event, String name) {
        if (event == null || event.subject() == null || event.eventType().isEmpty()) {
            return;
        }
        hub.publish(new SessionUpdate(event.subject(), name, json(event)));
    }

    private static String json(CloudEvent<?> event) {
        try {
            var node = EventJson.mapper().valueToTree(event.data());
            if (node instanceof com.fasterxml.jackson.databind.node.ObjectNode object) {
                object.put("eventType", event.type());
            }
            return EventJson.mapper().writeValueAsString(node);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warnf("cannot forward event %s: %s", event.id(), e.getMessage());
            return "{}";
        }
    }
}
