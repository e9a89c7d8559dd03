package dev.podbench.web.updates;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.EventType;
import dev.podbench.events.cost.BudgetScope;
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

    /** What a {@code budget} event's {@code state} says: the budget warned, stops the chat, or stops it no longer. */
    private static final Map<EventType, String> BUDGET_STATES = Map.of(EventType.COST_BUDGET_WARNING, "warning",
            EventType.COST_BUDGET_EXCEEDED, "exceeded", EventType.COST_BUDGET_LIFTED, "lifted");

    /**
     * A session's new total is a {@code cost} event; its budget's warning, stop or lifted stop a {@code budget} event
     * with a {@code state} ({@code warning|exceeded|lifted}).
     */
    @Incoming("costs")
    public void costs(ConsumerRecord<String, CloudEvent<?>> record) {
        CloudEvent<?> event = record.value();
        if (event != null && event.is(EventType.COST_SESSION_TOTAL)) {
            forward(event, "cost");
        } else if (event != null && event.subject() != null) {
            event.eventType().map(BUDGET_STATES::get).ifPresent(state -> hub.publish(SessionUpdate.of(event.subject(),
                    "budget", event.type(), withState(withoutOthersSpend(event.data()), state))));
        }
    }

    private static JsonNode withState(JsonNode alert, String state) {
        if (alert instanceof ObjectNode object) {
            object.put("state", state);
        }
        return alert;
    }

    /**
     * A repository's or the installation's budget adds up everybody's spend, and the stream goes to the session's
     * owner: they learn that the budget warned or stopped, not its amounts (DESIGN.md: a user sees their own spend).
     */
    static JsonNode withoutOthersSpend(Object alert) {
        JsonNode node = EventJson.mapper().valueToTree(alert);
        String scope = node.path("budget").path("scope").asText("");
        if (node instanceof ObjectNode object && !scope.equals(BudgetScope.SESSION.value())
                && !scope.equals(BudgetScope.USER.value())) {
            object.remove("spentUsd");
            if (object.get("budget") instanceof ObjectNode budget) {
                budget.remove("limitUsd");
            }
        }
        return node;
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
