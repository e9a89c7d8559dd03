package dev.podbench.session;

import static dev.podbench.session.Api.activeSession;
import static dev.podbench.session.Api.awaitState;
import static dev.podbench.session.Api.repository;
import static dev.podbench.session.Api.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.Surface;
import dev.podbench.events.Topics;
import dev.podbench.events.session.SessionActivity;
import dev.podbench.events.session.SessionIdleWarning;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.PostgresTestResource;
import dev.podbench.testkit.TestConsumer;
import dev.podbench.testkit.TokenTestResource;

/** The idle policy with durations of seconds: warn, then end; activity from a gateway keeps a session alive. */
@QuarkusTest
@TestProfile(IdlePolicyTest.TinyDurations.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
@QuarkusTestResource(WorkspaceTestResource.class)
class IdlePolicyTest {

    static final String WARNING = "dev.podbench.session.idle-warning.v1";
    static final String ENDED = "dev.podbench.session.ended.v1";

    public static class TinyDurations implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("podbench.idle.warn-after", "3s", "podbench.idle.grace", "3s",
                    "podbench.idle.check-interval", "1s");
        }
    }

    @Test
    void anIdleSessionIsWarnedThenEnded() {
        String repositoryId = repository("alice", "idle-" + UUID.randomUUID(), Git.origin().toString());
        try (TestConsumer events = TestConsumer.fromEnd(Topics.SESSION_EVENTS)) {
            String id = activeSession("alice", repositoryId, null);
            Instant started = Instant.now();

            ConsumerRecord<String, String> warning = await().atMost(Duration.ofSeconds(20))
                    .until(() -> events.find(r -> id.equals(r.key()) && r.value().contains(WARNING)), o -> o.isPresent())
                    .orElseThrow();
            SessionIdleWarning payload = EventJson.decode(warning.value()).dataAs(SessionIdleWarning.class);
            assertThat(Duration.between(payload.idleSince(), payload.endsAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            assertThat(session("alice", id).then().extract().<String>path("state")).isEqualTo("active");

            Map<String, Object> ended = awaitState("alice", id, "ended");
            assertThat(ended.get("endReason")).isEqualTo("idle");
            assertThat(Duration.between(started, Instant.now())).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
            await().atMost(Duration.ofSeconds(10)).until(() -> types(events, id).contains(ENDED));
            assertThat(types(events, id)).containsSubsequence(WARNING, ENDED);
        }
    }

    @Test
    void activityFromAGatewayKeepsASessionAlive() {
        String repositoryId = repository("alice", "busy-" + UUID.randomUUID(), Git.origin().toString());
        try (TestConsumer events = TestConsumer.fromEnd(Topics.SESSION_EVENTS)) {
            String id = activeSession("alice", repositoryId, null);
            // A gateway reports activity every second for longer than warn-after + grace: at every report the session
            // must still be active and unwarned.
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(1)).during(Duration.ofSeconds(8))
                    .atMost(Duration.ofSeconds(30)).until(() -> {
                        CloudEvent<SessionActivity> activity = CloudEvent.of("/podbench/terminal-gateway",
                                new SessionActivity(id, Surface.TERMINAL, Instant.now()));
                        KafkaTestResource.send(Topics.SESSION_EVENTS, id, EventJson.encodeToString(activity));
                        return "active".equals(session("alice", id).then().extract().<String>path("state"))
                                && !types(events, id).contains(WARNING) && !types(events, id).contains(ENDED);
                    });

            // Once the activity stops, the policy applies again.
            awaitState("alice", id, "ended");
        }
    }

    private static List<String> types(TestConsumer consumer, String id) {
        return consumer.records().stream().filter(r -> id.equals(r.key()))
                .map(r -> EventJson.decode(r.value()).type()).toList();
    }
}
