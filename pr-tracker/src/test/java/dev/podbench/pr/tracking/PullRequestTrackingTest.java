package dev.podbench.pr.tracking;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

import io.quarkus.arc.ClientProxy;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.EventType;
import dev.podbench.events.Surface;
import dev.podbench.events.Topics;
import dev.podbench.events.pullrequest.ChecksStatus;
import dev.podbench.events.pullrequest.GitProvider;
import dev.podbench.events.pullrequest.PullRequestDetected;
import dev.podbench.events.pullrequest.PullRequestState;
import dev.podbench.events.pullrequest.PullRequestUpdated;
import dev.podbench.events.pullrequest.ReviewStatus;
import dev.podbench.events.kafka.DeadLetters;
import dev.podbench.events.session.SessionEnded;
import dev.podbench.events.session.SessionEndReason;
import dev.podbench.pr.hosts.ApiHost;
import dev.podbench.pr.hosts.ApiHosts;
import dev.podbench.pr.status.CheckState;
import dev.podbench.pr.status.PullRequestStatus;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.TestConsumer;

/** From a detected PR on Kafka to a stored row and {@code pull-request.updated.v1}, through real Kafka and PostgreSQL. */
@QuarkusTest
class PullRequestTrackingTest extends FakeGitHubTest {

    static final String SHA = FakeGitHubResource.SHA;
    static final String REPO = FakeGitHubResource.REPO;

    @Inject
    ApiHosts hosts;

    @Inject
    UpdatePublisher publisher;

    @Test
    void aDetectedPullRequestIsStoredReadAndAnnouncedOnlyWhenItChanges() {
        String session = UUID.randomUUID().toString();
        try (TestConsumer pullRequests = TestConsumer.fromEnd(Topics.PULL_REQUESTS)) {
            CloudEvent<PullRequestDetected> detected = detected(session);
            KafkaTestResource.send(Topics.PULL_REQUESTS, session, EventJson.encodeToString(detected));

            PullRequestUpdated first = update(pullRequests.awaitRecord(r -> isUpdateOf(r, session)));
            assertThat(first.url()).isEqualTo(detected.data().url());
            assertThat(first.title()).isEqualTo("Fix login redirect");
            assertThat(first.state()).isEqualTo(PullRequestState.OPEN);
            assertThat(first.checks()).isEqualTo(ChecksStatus.PENDING);
            assertThat(first.review()).isEqualTo(ReviewStatus.REVIEW_REQUIRED);

            TrackedPullRequest row = only(session);
            assertThat(row.host()).isEqualTo(detected.data().host());
            assertThat(row.repository()).isEqualTo("acme/app");
            assertThat(row.status().checks().state()).isEqualTo(CheckState.PENDING);
            assertThat(row.status().checks().pending()).isEqualTo(2);
            assertThat(row.checkedAt()).isNotNull();
            assertThat(row.staleSince()).isNull();

            // redelivered, and detected again elsewhere: still one row
            KafkaTestResource.send(Topics.PULL_REQUESTS, session, EventJson.encodeToString(detected));
            KafkaTestResource.send(Topics.PULL_REQUESTS, session, EventJson.encodeToString(detected(session)));

            // CI passes: the next poll (10 s later for a new PR) announces it
            stub(REPO + "/commits/" + SHA + "/check-runs", json("github/check-runs-success.json"));
            clock.advance(Duration.ofSeconds(11));
            PullRequestUpdated second = update(pullRequests.awaitRecord(r -> isUpdateOf(r, session)
                    && update(r).checks() == ChecksStatus.SUCCESS));
            assertThat(second.review()).isEqualTo(ReviewStatus.REVIEW_REQUIRED);

            // nothing changes over two more reads: no more events
            Instant read = readAgain(session, only(session).checkedAt());
            readAgain(session, read);
            assertThat(pullRequests.records().stream().filter(r -> isUpdateOf(r, session)).count()).isEqualTo(2);
            assertThat(store.forSession(session).await().atMost(WAIT)).hasSize(1);
        }
    }

    @Test
    void aFailingHostMarksThePullRequestStaleUntilItAnswersAgain() {
        String session = UUID.randomUUID().toString();
        KafkaTestResource.send(Topics.PULL_REQUESTS, session, EventJson.encodeToString(detected(session)));
        await().atMost(WAIT).until(() -> !store.forSession(session).await().atMost(WAIT).isEmpty()
                && only(session).checkedAt() != null);

        stub(REPO + "/pulls/42", aResponse().withStatus(502).withBody("bad gateway"));
        clock.advance(Duration.ofSeconds(11));
        await().atMost(WAIT).until(() -> only(session).staleSince() != null);
        TrackedPullRequest stale = only(session);
        assertThat(stale.staleReason()).isEqualTo("host unavailable");
        assertThat(stale.status().title()).isEqualTo("Fix login redirect");

        stub(REPO + "/pulls/42", aResponse().withStatus(401).withBody("{\"message\":\"Bad credentials\"}"));
        clock.advance(Duration.ofMinutes(1));
        await().atMost(WAIT).until(() -> "host credentials rejected".equals(only(session).staleReason()));
        assertThat(only(session).staleSince()).isEqualTo(stale.staleSince());

        stub(REPO + "/pulls/42", json("github/pull-open.json"));
        clock.advance(Duration.ofMinutes(2));
        await().atMost(WAIT).until(() -> only(session).staleSince() == null);
        assertThat(only(session).staleReason()).isNull();
        github.verify(com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor(urlPathEqualTo(REPO + "/pulls/42"))
                .withHeader("Authorization", equalTo("Bearer " + FakeGitHubResource.TOKEN)));
    }

    @Test
    void aPullRequestOnAnUnconfiguredHostIsListedStaleAndNotPolled() {
        String session = UUID.randomUUID().toString();
        KafkaTestResource.send(Topics.PULL_REQUESTS, session, EventJson.encodeToString(CloudEvent.of("/podbench/chat-gateway",
                new PullRequestDetected(session, "https://github.example.org/acme/app/pull/9", GitProvider.GITHUB,
                        "github.example.org", "acme", "app", 9, Surface.CHAT, Instant.now()))));

        await().atMost(WAIT).until(() -> store.forSession(session).await().atMost(WAIT).size() == 1
                && only(session).staleReason() != null);
        TrackedPullRequest row = only(session);
        assertThat(row.staleReason()).isEqualTo("no Git host configured for this URL");
        assertThat(row.status()).isNull();
        assertThat(row.nextPollAt()).isNull();
    }

    @Test
    void theGitHostsComeFromConfigurationWithTheirDefaults() {
        assertThat(hosts.all()).extracting(h -> h.name(), h -> h.provider(), h -> h.webUrl().toString(), h -> h.apiUrl().toString())
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("github", GitProvider.GITHUB, "http://127.0.0.1:" + github.port(),
                                "http://127.0.0.1:" + github.port() + "/api/v3"),
                        org.assertj.core.groups.Tuple.tuple("gitlab", GitProvider.GITLAB, "https://gitlab.com",
                                "https://gitlab.com/api/v4"));
        ApiHost gitHub = hosts.all().stream().filter(h -> h.name().equals("github")).findFirst().orElseThrow();
        assertThat(gitHub.token()).isPresent();
        assertThat(gitHub.toString()).doesNotContain(FakeGitHubResource.TOKEN);
        assertThat(hosts.all().stream().filter(h -> h.name().equals("gitlab")).findFirst().orElseThrow().token()).isEmpty();
    }

    @Test
    void anUnreadableRecordIsSkippedAndCountedAndTheConsumerGoesOn() {
        double skippedBefore = skipped();
        String session = UUID.randomUUID().toString();
        KafkaTestResource.send(Topics.PULL_REQUESTS, session, "{not a cloud event");
        KafkaTestResource.send(Topics.PULL_REQUESTS, session, EventJson.encodeToString(detected(session)));

        await().atMost(WAIT).until(() -> store.forSession(session).await().atMost(WAIT).size() == 1);
        await().atMost(WAIT).until(() -> skipped() > skippedBefore);
    }

    @Test
    void anUnreadableRecordIsKeptOnTheDeadLetterTopicAsItCame() {
        String session = UUID.randomUUID().toString();
        try (TestConsumer deadLetters = TestConsumer.fromEnd(Topics.PULL_REQUESTS_DEAD_LETTER)) {
            KafkaTestResource.send(Topics.PULL_REQUESTS, session, "{not a cloud event");
            KafkaTestResource.send(Topics.PULL_REQUESTS, session, "{\"specversion\":\"1.0\",\"id\":\"x\"}");

            List<ConsumerRecord<String, String>> kept = deadLetters.awaitRecords(2).stream()
                    .filter(r -> session.equals(r.key())).toList();
            assertThat(kept).extracting(ConsumerRecord::value)
                    .containsExactly("{not a cloud event", "{\"specversion\":\"1.0\",\"id\":\"x\"}");
            for (ConsumerRecord<String, String> record : kept) {
                assertThat(header(record, DeadLetters.HEADER_REASON)).isEqualTo("unreadable");
                assertThat(header(record, DeadLetters.HEADER_TOPIC)).isEqualTo(Topics.PULL_REQUESTS);
                assertThat(header(record, DeadLetters.HEADER_OFFSET)).matches("\\d+");
                assertThat(header(record, DeadLetters.HEADER_DETAIL)).isNotBlank();
            }
        }
    }

    @Test
    void aChangeWhoseEventCouldNotBePublishedIsAnnouncedLaterNotLost() {
        String session = UUID.randomUUID().toString();
        UpdatePublisher real = ClientProxy.unwrap(publisher);
        AtomicInteger refused = new AtomicInteger();
        QuarkusMock.installMockForType(new UpdatePublisher(null) {
            @Override
            public Uni<Void> changed(TrackedPullRequest pr, PullRequestStatus status, Instant observedAt) {
                if (pr.sessionId().equals(session) && refused.getAndIncrement() == 0) {
                    return Uni.createFrom().failure(new IllegalStateException("the broker is unreachable"));
                }
                return real.changed(pr, status, observedAt);
            }
        }, UpdatePublisher.class);
        try (TestConsumer pullRequests = TestConsumer.fromEnd(Topics.PULL_REQUESTS)) {
            KafkaTestResource.send(Topics.PULL_REQUESTS, session, EventJson.encodeToString(detected(session)));
            await().atMost(WAIT).until(() -> refused.get() > 0);

            // the host's answer has not changed since: the change must still be announced
            await().atMost(WAIT).until(() -> {
                clock.advance(Duration.ofSeconds(11));
                return pullRequests.records().stream().anyMatch(r -> isUpdateOf(r, session));
            });
            assertThat(update(pullRequests.records().stream().filter(r -> isUpdateOf(r, session)).findFirst().orElseThrow())
                    .title()).isEqualTo("Fix login redirect");
            assertThat(only(session).status().title()).isEqualTo("Fix login redirect");
        }
    }

    @Test
    void aSessionsEndIsRecordedSoItsPullRequestsAreFollowedSevenDaysMore() {
        String session = UUID.randomUUID().toString();
        KafkaTestResource.send(Topics.PULL_REQUESTS, session, EventJson.encodeToString(detected(session)));
        await().atMost(WAIT).until(() -> store.forSession(session).await().atMost(WAIT).size() == 1);

        Instant ended = Instant.parse("2026-12-06T08:00:00Z");
        KafkaTestResource.send(Topics.SESSION_EVENTS, session, EventJson.encodeToString(CloudEvent.of("/podbench/session-service",
                new SessionEnded(session, "repo-1", "alice", SessionEndReason.USER, ended))));

        await().atMost(WAIT).until(() -> ended.equals(only(session).sessionEndedAt()));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), java.nio.charset.StandardCharsets.UTF_8);
    }

    private Instant readAgain(String session, Instant after) {
        clock.advance(Duration.ofSeconds(11));
        await().atMost(WAIT).until(() -> only(session).checkedAt().isAfter(after));
        return only(session).checkedAt();
    }

    private TrackedPullRequest only(String session) {
        List<TrackedPullRequest> rows = store.forSession(session).await().atMost(WAIT);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private double skipped() {
        return meters.find("podbench.pr.events.skipped").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private CloudEvent<PullRequestDetected> detected(String session) {
        return FakeGitHubResource.detectedPullRequest(github, session);
    }

    private static boolean isUpdateOf(ConsumerRecord<String, String> record, String session) {
        return session.equals(record.key()) && record.value().contains(EventType.PULL_REQUEST_UPDATED.type());
    }

    private static PullRequestUpdated update(ConsumerRecord<String, String> record) {
        return EventJson.decode(record.value()).dataAs(PullRequestUpdated.class);
    }

    private void stub(String path, ResponseDefinitionBuilder response) {
        FakeGitHubResource.stub(github, path, response);
    }

    private static ResponseDefinitionBuilder json(String fixture) {
        return FakeGitHubResource.json(fixture);
    }
}
