package dev.podbench.session.idle;

import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventType;
import dev.podbench.events.cost.SessionCostTotal;
import dev.podbench.events.session.SessionActivity;
import dev.podbench.session.sessions.SessionService;

/**
 * What other services tell us about sessions: activity from the gateways (which keeps the idle policy away) and
 * cost-service's running totals (shown as {@code costUsd}). The session-events topic also carries this service's own
 * events; they are skipped.
 */
@ApplicationScoped
public class SessionActivityConsumer {

    private static final Logger LOG = Logger.getLogger(SessionActivityConsumer.class);

    private final IdleSessions idle;
    private final SessionService sessions;

    public SessionActivityConsumer(IdleSessions idle, SessionService sessions) {
        this.idle = idle;
        this.sessions = sessions;
    }

    @Incoming("session-events")
    public Uni<Void> onSessionEvent(CloudEvent<?> event) {
        if (event == null || !event.is(EventType.SESSION_ACTIVITY)) {
            return Uni.createFrom().voidItem();
        }
        SessionActivity activity = event.dataAs(SessionActivity.class);
        UUID id = sessionId(activity.sessionId());
        return id == null ? Uni.createFrom().voidItem() : idle.recordActivity(id, activity.at());
    }

    @Incoming("costs")
    public Uni<Void> onCost(CloudEvent<?> event) {
        if (event == null || !event.is(EventType.COST_SESSION_TOTAL)) {
            return Uni.createFrom().voidItem();
        }
        SessionCostTotal total = event.dataAs(SessionCostTotal.class);
        UUID id = sessionId(total.sessionId());
        return id == null ? Uni.createFrom().voidItem() : sessions.recordCost(id, total.totalCostUsd(), total.updatedAt());
    }

    private static UUID sessionId(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            LOG.debugf("ignoring an event for session '%s': not one of ours", value);
            return null;
        }
    }
}
