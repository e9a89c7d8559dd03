package dev.podbench.pr.tracking;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.inject.Inject;

import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.Topics;
import dev.podbench.events.pullrequest.PullRequestDetected;
import dev.podbench.pr.Fixtures;
import dev.podbench.pr.MutableClock;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.PostgresTestResource;
import dev.podbench.testkit.TestConsumer;
import dev.podbench.testkit.TokenTestResource;

/**
 * Figures for issue 14, on demand ({@code -Dtest=DetectionLatencyBenchmark}): from a detected event on Kafka to
 * the stored row and to its status filled in (the first {@code pull-request.updated.v1}), against the fake host;
 * and the counted (non-304) requests of a settled PR, extrapolated to a PR-hour.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
@QuarkusTestResource(FakeGitHubResource.class)
class DetectionLatencyBenchmark {

    private static final Logger LOG = Logger.getLogger(DetectionLatencyBenchmark.class);
    static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    static final String REPO = "/api/v3/repos/acme/app";
    static final int PULL_REQUESTS = 40;

    @FakeGitHubResource.Inject
    WireMockServer github;

    @Inject
    PullRequestStore store;

    @Inject
    MutableClock clock;

    @Test
    void detectedToVisibleAndFilled() {
        github.resetAll();
        conditional(REPO + "/pulls/42", "github/pull-open.json");
        conditional(REPO + "/commits/" + SHA + "/check-runs", "github/check-runs-success.json");
        conditional(REPO + "/commits/" + SHA + "/status", "github/status-success.json");
        conditional(REPO + "/pulls/42/reviews", "github/reviews-approved-then-commented.json");

        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        List<Long> visible = new ArrayList<>();
        List<Long> filled = new ArrayList<>();
        try (TestConsumer updates = TestConsumer.fromEnd(Topics.PULL_REQUESTS)) {
            for (int i = 0; i < PULL_REQUESTS; i++) {
                String session = UUID.randomUUID().toString();
                long start = System.nanoTime();
                sentAt.put(session, start);
                KafkaTestResource.send(Topics.PULL_REQUESTS, session, EventJson.encodeToString(detected(session)));
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(5))
                        .until(() -> !store.forSession(session).await().atMost(Duration.ofSeconds(5)).isEmpty());
                visible.add(System.nanoTime() - start);
                var update = updates.awaitRecord(r -> session.equals(r.key()) && r.value().contains("pull-request.updated"));
                filled.add(update.timestamp() * 1_000_000L - epochNanos(start));
            }
        }
        LOG.infof("detected -> row visible (ms): %s", summary(visible));
        LOG.infof("detected -> status filled, updated event written (ms): %s", summary(filled));

        // a settled PR: every later read is conditional
        long before = counted();
        int reads = 5;
        String session = sentAt.keySet().iterator().next();
        Instant last = store.forSession(session).await().atMost(Duration.ofSeconds(5)).get(0).checkedAt();
        for (int i = 0; i < reads; i++) {
            clock.advance(Duration.ofMinutes(6));
            Instant previous = last;
            await().atMost(Duration.ofSeconds(20)).until(() -> store.forSession(session).await()
                    .atMost(Duration.ofSeconds(5)).get(0).checkedAt().isAfter(previous));
            last = store.forSession(session).await().atMost(Duration.ofSeconds(5)).get(0).checkedAt();
        }
        long countedPerRead = Math.round((counted() - before) / (double) (reads * PULL_REQUESTS));
        LOG.infof("settled: %d counted (non-304) requests per read -> at most %d per PR-hour (60 reads at 60 s)",
                countedPerRead, countedPerRead * 60);
        assertThat(countedPerRead).isZero();
    }

    private long counted() {
        return github.getAllServeEvents().stream().filter(e -> e.getResponse().getStatus() == 200).count();
    }

    private void conditional(String path, String fixture) {
        String etag = "\"" + Integer.toHexString(fixture.hashCode()) + "\"";
        github.stubFor(get(urlPathEqualTo(path)).withHeader("If-None-Match", absent()).willReturn(aResponse()
                .withStatus(200).withHeader("Content-Type", "application/json").withHeader("ETag", etag)
                .withBody(Fixtures.read(fixture))));
        github.stubFor(get(urlPathEqualTo(path)).withHeader("If-None-Match", equalTo(etag))
                .willReturn(aResponse().withStatus(304).withHeader("ETag", etag)));
    }

    private CloudEvent<PullRequestDetected> detected(String session) {
        return FakeGitHubResource.detectedPullRequest(github, session);
    }

    private static long epochNanos(long nanoTime) {
        return System.currentTimeMillis() * 1_000_000L - (System.nanoTime() - nanoTime);
    }

    private static String summary(List<Long> nanos) {
        List<Long> sorted = nanos.stream().sorted().toList();
        return "n=" + sorted.size() + " p50=" + ms(sorted.get(sorted.size() / 2))
                + " p95=" + ms(sorted.get((int) Math.ceil(sorted.size() * 0.95) - 1)) + " max=" + ms(sorted.get(sorted.size() - 1));
    }

    private static String ms(long nanos) {
        return String.format("%.1f", nanos / 1e6);
    }
}
