package dev.podbench.session;

import static dev.podbench.session.Api.activeSession;
import static dev.podbench.session.Api.end;
import static dev.podbench.session.Api.repository;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.Topics;
import dev.podbench.events.session.SessionEnded;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.session.outbox.OutboxPublisher;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.PostgresTestResource;
import dev.podbench.testkit.TestConsumer;
import dev.podbench.testkit.TokenTestResource;

/** The outbox relay on a real broker: every event, in order per session, also across a Kafka outage. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
@QuarkusTestResource(WorkspaceTestResource.class)
class OutboxTest {

    static final String CREATED = "dev.podbench.session.created.v1";
    static final String STARTED = "dev.podbench.session.started.v1";
    /** A start's snapshots in state starting: on creation, then as each step (pod, fetch, worktree) begins. */
    static final int STARTING_SNAPSHOTS = 4;
    static final String ENDED = "dev.podbench.session.ended.v1";

    @Inject
    MeterRegistry registry;

    @Test
    void lifecycleEventsAndSnapshotsArriveInOrder() {
        String cloneUrl = Git.origin().toString();
        String repositoryId = repository("alice", "outbox-" + UUID.randomUUID(), cloneUrl);
        try (TestConsumer events = TestConsumer.fromEnd(Topics.SESSION_EVENTS);
             TestConsumer snapshots = TestConsumer.fromEnd(Topics.SESSIONS)) {
            String id = activeSession("alice", repositoryId, null);
            end("alice", id).then().statusCode(200);

            await().atMost(Duration.ofSeconds(20)).until(() -> types(events, id).size() >= 3);
            assertThat(types(events, id)).containsExactly(CREATED, STARTED, ENDED);
            await().atMost(Duration.ofSeconds(20)).until(() -> states(snapshots, id).contains("ended"));
            // starting: created, then as the pod, fetch and worktree steps begin
            assertThat(states(snapshots, id)).containsExactly(startingThen("active", "ending", "ended"));

            List<CloudEvent<?>> decoded = decoded(events, id);
            assertThat(decoded).allSatisfy(e -> {
                assertThat(e.source()).isEqualTo("/podbench/session-service");
                assertThat(e.subject()).isEqualTo(id);
            });
            assertThat(decoded.stream().map(CloudEvent::id).distinct()).hasSize(decoded.size());
            SessionEnded ended = decoded.get(2).dataAs(SessionEnded.class);
            assertThat(ended.reason().value()).isEqualTo("user");
            assertThat(ended.owner()).isEqualTo("alice");
            SessionSnapshot last = decoded(snapshots, id).get(STARTING_SNAPSHOTS + 2).dataAs(SessionSnapshot.class);
            assertThat(last.runtime()).isEqualTo("local");
            assertThat(last.repositoryId()).isEqualTo(repositoryId);
            assertThat(last.cloneUrl()).isEqualTo(cloneUrl);
        }
    }

    @Test
    void nothingIsLostWhileKafkaIsUnreachable() throws Exception {
        String repositoryId = repository("alice", "outage-" + UUID.randomUUID(), Git.origin().toString());
        OutboxPublisher unreachable = new OutboxPublisher("127.0.0.1:" + closedPort(), Duration.ofSeconds(2));
        try (TestConsumer events = TestConsumer.fromEnd(Topics.SESSION_EVENTS);
             TestConsumer snapshots = TestConsumer.fromEnd(Topics.SESSIONS)) {
            // counted from the start of the outage: the backoff grows while the sessions are being made, so failures
            // counted only after that can be 10 s apart (max-backoff) and two of them longer than a wait
            double failuresBefore = relayFailures();
            QuarkusMock.installMockForType(unreachable, OutboxPublisher.class);
            List<String> sessions = List.of(
                    activeSession("alice", repositoryId, null),
                    activeSession("bob", repositoryId, null),
                    activeSession("carol", repositoryId, null));
            end("alice", sessions.get(0)).then().statusCode(200);
            end("bob", sessions.get(1)).then().statusCode(200);

            // The relay keeps failing (and retrying) while the broker is away; nothing gets through, nothing is dropped.
            await().atMost(Duration.ofSeconds(30)).until(() -> relayFailures() >= failuresBefore + 2);
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(30))
                    .until(() -> sessions.stream().allMatch(id -> types(events, id).isEmpty()));
            // per session: created, started and five snapshots (created, three start steps, active); per end: ended
            // and two snapshots (ending, ended)
            assertThat(pendingEvents()).isEqualTo(3 * 7 + 2 * 3);

            QuarkusMock.installMockForType(new OutboxPublisher(KafkaTestResource.bootstrapServers(), Duration.ofSeconds(10)),
                    OutboxPublisher.class);
            await().atMost(Duration.ofSeconds(30)).until(() -> pendingEvents() == 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> types(events, sessions.get(2)).size() >= 2);
            assertThat(types(events, sessions.get(0))).containsExactly(CREATED, STARTED, ENDED);
            assertThat(types(events, sessions.get(1))).containsExactly(CREATED, STARTED, ENDED);
            assertThat(types(events, sessions.get(2))).containsExactly(CREATED, STARTED);
            await().atMost(Duration.ofSeconds(10)).until(() -> states(snapshots, sessions.get(1)).size() >= 7);
            assertThat(states(snapshots, sessions.get(0))).containsExactly(startingThen("active", "ending", "ended"));
            assertThat(states(snapshots, sessions.get(2))).containsExactly(startingThen("active"));
        } finally {
            unreachable.close();
        }
    }

    private static String[] startingThen(String... later) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.generate(() -> "starting").limit(STARTING_SNAPSHOTS),
                java.util.stream.Stream.of(later)).toArray(String[]::new);
    }

    private static List<String> types(TestConsumer consumer, String id) {
        return decoded(consumer, id).stream().map(CloudEvent::type).toList();
    }

    private static List<String> states(TestConsumer consumer, String id) {
        return decoded(consumer, id).stream().map(e -> e.dataAs(SessionSnapshot.class).state().value()).toList();
    }

    private static List<CloudEvent<?>> decoded(TestConsumer consumer, String id) {
        return consumer.records().stream().filter(r -> id.equals(r.key())).map(ConsumerRecord::value)
                .<CloudEvent<?>>map(EventJson::decode).toList();
    }

    private double relayFailures() {
        return registry.counter("podbench.outbox.failures").count();
    }

    private long pendingEvents() throws Exception {
        try (Connection c = Database.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from outbox_event where published_at is null")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
