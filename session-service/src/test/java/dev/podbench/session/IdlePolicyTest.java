package dev.podbench.session;

import static dev.podbench.session.Api.activeSession;
import static dev.podbench.session.Api.awaitState;
import static dev.podbench.session.Api.repository;
import static dev.podbench.session.Api.session;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.Surface;
import dev.podbench.events.Topics;
import dev.podbench.events.session.SessionActivity;
import dev.podbench.events.session.SessionIdleWarning;
import dev.podbench.session.idle.IdleSessions;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.PostgresTestResource;
import dev.podbench.testkit.TestConsumer;
import dev.podbench.testkit.TokenTestResource;

/**
 * The idle policy with durations of seconds: warn, then end; activity from a gateway keeps a session alive. The
 * service's clock is the test's: time passes when the test says so, not by waiting for it.
 */
@QuarkusTest
@TestProfile(IdlePolicyTest.TinyDurations.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
@QuarkusTestResource(WorkspaceTestResource.class)
class IdlePolicyTest {

    static final String WARNING = "dev.podbench.session.idle-warning.v1";
    static final String ENDED = "dev.podbench.session.ended.v1";

    static final Duration WARN_AFTER = Duration.ofSeconds(3);
    static final Duration GRACE = Duration.ofSeconds(3);

    public static class TinyDurations implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("podbench.idle.warn-after", "3s", "podbench.idle.grace", "3s",
                    "podbench.idle.check-interval", "1s");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(SettableClock.class);
        }
    }

    @Inject
    SettableClock clock;
    @Inject
    IdleSessions idle;
    @Inject
    Vertx vertx;

    @Test
    void anIdleSessionIsWarnedThenEnded() {
        String repositoryId = repository("alice", "idle-" + UUID.randomUUID(), Git.origin().toString());
        try (TestConsumer events = TestConsumer.fromEnd(Topics.SESSION_EVENTS)) {
            String id = activeSession("alice", repositoryId, null);
            Instant started = clock.instant();
            clock.advance(WARN_AFTER.plusSeconds(1));

            ConsumerRecord<String, String> warning = await().atMost(Duration.ofSeconds(20))
                    .until(() -> events.find(r -> id.equals(r.key()) && r.value().contains(WARNING)), o -> o.isPresent())
                    .orElseThrow();
            SessionIdleWarning payload = EventJson.decode(warning.value()).dataAs(SessionIdleWarning.class);
            assertThat(Duration.between(payload.idleSince(), payload.endsAt())).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
            assertThat(session("alice", id).then().extract().<String>path("state")).isEqualTo("active");

            clock.advance(GRACE.plusSeconds(1));
            Map<String, Object> ended = awaitState("alice", id, "ended");
            assertThat(ended.get("endReason")).isEqualTo("idle");
            assertThat(Duration.between(started, clock.instant())).isGreaterThanOrEqualTo(Duration.ofSeconds(6));
            await().atMost(Duration.ofSeconds(10)).until(() -> types(events, id).contains(ENDED));
            assertThat(types(events, id)).containsSubsequence(WARNING, ENDED);
        }
    }

    @Test
    void activityFromAGatewayKeepsASessionAlive() throws Exception {
        String repositoryId = repository("alice", "busy-" + UUID.randomUUID(), Git.origin().toString());
        try (TestConsumer events = TestConsumer.fromEnd(Topics.SESSION_EVENTS)) {
            String id = activeSession("alice", repositoryId, null);
            // A gateway reports activity every second for longer than warn-after + grace: after every report the
            // policy runs, and the session must still be active and unwarned.
            for (int second = 1; second <= 8; second++) {
                clock.advance(Duration.ofSeconds(1));
                Instant at = clock.instant().truncatedTo(ChronoUnit.MICROS); // what the database keeps
                CloudEvent<SessionActivity> activity = CloudEvent.of("/podbench/terminal-gateway",
                        new SessionActivity(id, Surface.TERMINAL, at));
                KafkaTestResource.send(Topics.SESSION_EVENTS, id, EventJson.encodeToString(activity));
                await().atMost(Duration.ofSeconds(20)).until(() -> !lastActivity(id).isBefore(at));
                applyIdlePolicy();
                assertThat(session("alice", id).then().extract().<String>path("state")).isEqualTo("active");
                assertThat(types(events, id)).doesNotContain(WARNING, ENDED);
            }

            // Once the activity stops, the policy applies again.
            clock.advance(WARN_AFTER.plus(GRACE).plusSeconds(2));
            awaitState("alice", id, "ended");
        }
    }

    /** One run of the policy, as the scheduler runs it: on a Vert.x context of its own. */
    private void applyIdlePolicy() throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        context.runOnContext(ignored -> idle.apply().subscribe().with(done::complete, done::completeExceptionally));
        done.get(20, TimeUnit.SECONDS);
    }

    /** The last activity the service has recorded for the session. */
    private Instant lastActivity(String id) throws SQLException {
        try (Connection c = Database.connect();
                PreparedStatement query = c.prepareStatement("select last_activity_at from session where id = ?")) {
            query.setObject(1, UUID.fromString(id));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                Timestamp at = row.getTimestamp(1);
                return at.toInstant();
            }
        }
    }

    private static List<String> types(TestConsumer consumer, String id) {
        return consumer.records().stream().filter(r -> id.equals(r.key()))
                .map(r -> EventJson.decode(r.value()).type()).toList();
    }
}
