package dev.podbench.cost;

import java.math.BigDecimal;
import java.time.Instant;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.usage.UsageRecorded;
import dev.podbench.events.usage.UsageSource;
import dev.podbench.testkit.KafkaTestResource;

/** Usage events for tests, and publishing them as chat-gateway does (key = session id). */
public final class UsageEvents {

    public static CloudEvent<UsageRecorded> usage(String sessionId, String user, String cost) {
        return usage(sessionId, UsageSource.SESSION, "repo-1", user, "claude-sonnet-4-5", cost, Instant.now());
    }

    public static CloudEvent<UsageRecorded> usage(String sessionId, UsageSource source, String repositoryId,
            String user, String model, String cost, Instant recordedAt) {
        return CloudEvent.of("/podbench/chat-gateway", new UsageRecorded(sessionId, source, repositoryId, user, model,
                new BigDecimal(cost), 100, 20, 1000, 10, "agent-" + sessionId, recordedAt));
    }

    public static void publish(String topic, CloudEvent<?> event) {
        KafkaTestResource.send(topic, event.key(), EventJson.encodeToString(event));
    }

    private UsageEvents() {
    }
}
