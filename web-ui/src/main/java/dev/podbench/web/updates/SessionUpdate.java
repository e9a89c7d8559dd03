package dev.podbench.web.updates;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.podbench.events.EventJson;
import dev.podbench.events.EventType;
import dev.podbench.events.session.SessionSnapshot;

/**
 * One server-sent event of {@code /api/sessions/{id}/updates}: {@code name} is {@code session} (a snapshot),
 * {@code cost} (a session total), {@code budget} (a budget warning or stop) or {@code pull-request}
 * (detected / updated); {@code json} is the event's data
 * with its CloudEvent type as {@code eventType}.
 */
public record SessionUpdate(String sessionId, String name, String json) {

    private static final Logger LOG = Logger.getLogger(SessionUpdate.class);

    /** The {@code session} event of a snapshot. */
    static SessionUpdate of(SessionSnapshot snapshot) {
        return of(snapshot.sessionId(), "session", EventType.SESSION_SNAPSHOT.type(), snapshot);
    }

    static SessionUpdate of(String sessionId, String name, String eventType, Object data) {
        return new SessionUpdate(sessionId, name, json(eventType, data));
    }

    private static String json(String eventType, Object data) {
        try {
            JsonNode node = EventJson.mapper().valueToTree(data);
            if (node instanceof ObjectNode object) {
                object.put("eventType", eventType);
            }
            return EventJson.mapper().writeValueAsString(node);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            LOG.warnf("cannot forward a %s event: %s", eventType, e.getMessage());
            return "{}";
        }
    }
}
