package dev.podbench.pr.discovery;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import dev.podbench.events.EventJson;
import dev.podbench.events.Topics;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import dev.podbench.pr.Fixtures;
import dev.podbench.pr.tracking.FakeGitHubResource;
import dev.podbench.pr.tracking.FakeGitHubTest;
import dev.podbench.pr.tracking.TrackedPullRequest;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.TestSessionSnapshots;

/** Pull requests nobody printed, found by the active session's branch on the fake GitHub (real Kafka and PostgreSQL). */
@QuarkusTest
class BranchDiscoveryTest extends FakeGitHubTest {

    static final String PULLS = FakeGitHubResource.REPO + "/pulls";

    @Test
    void aPullRequestMadeElsewhereIsFoundByTheBranchAndAnUnchangedListCostsNothing() {
        String branch = "podbench/" + UUID.randomUUID();
        String etag = "\"" + branch.hashCode() + "\"";
        github.stubFor(get(urlPathEqualTo(PULLS)).withQueryParam("head", equalTo("acme:" + branch))
                .withQueryParam("state", equalTo("all")).withHeader("If-None-Match", absent())
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withHeader("ETag", etag)
                        .withBody(Fixtures.read("github/pulls-of-branch.json").replace("https://github.com", base()))));
        github.stubFor(get(urlPathEqualTo(PULLS)).withQueryParam("head", equalTo("acme:" + branch))
                .withHeader("If-None-Match", equalTo(etag)).willReturn(aResponse().withStatus(304).withHeader("ETag", etag)));

        SessionSnapshot session = activeSession(branch, base() + "/acme/app.git");

        await().atMost(WAIT).until(() -> numbers(session).containsAll(List.of(42L, 17L)));
        await().atMost(WAIT).until(() -> row(session, 42).checkedAt() != null);
        assertThat(row(session, 42).status().title()).isEqualTo("Fix login redirect");
        assertThat(row(session, 42).url()).isEqualTo(base() + "/acme/app/pull/42");

        // the same PR printed in the terminal afterwards: still one row
        KafkaTestResource.send(Topics.PULL_REQUESTS, session.sessionId(),
                EventJson.encodeToString(FakeGitHubResource.detectedPullRequest(github, session.sessionId())));

        // 30 s later the branch is asked again: a 304, nothing counted, nothing new
        double notModified = requests("not-modified");
        clock.advance(Duration.ofSeconds(31));
        await().atMost(WAIT).until(() -> requests("not-modified") > notModified);
        github.verify(getRequestedFor(urlPathEqualTo(PULLS)).withHeader("If-None-Match", equalTo(etag)));
        assertThat(store.forSession(session.sessionId()).await().atMost(WAIT)).extracting(TrackedPullRequest::number)
                .containsExactlyInAnyOrder(42L, 17L);
    }

    @Test
    void aPrintedPullRequestFoundByTheBranchLaterIsNotDuplicated() {
        String branch = "podbench/" + UUID.randomUUID();
        SessionSnapshot session = activeSession(branch, "git@127.0.0.1:acme/app.git");
        KafkaTestResource.send(Topics.PULL_REQUESTS, session.sessionId(),
                EventJson.encodeToString(FakeGitHubResource.detectedPullRequest(github, session.sessionId())));
        await().atMost(WAIT).until(() -> numbers(session).contains(42L));

        github.stubFor(get(urlPathEqualTo(PULLS)).withQueryParam("head", equalTo("acme:" + branch))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.read("github/pulls-of-branch.json").replace("https://github.com", base()))));
        clock.advance(Duration.ofSeconds(31));

        await().atMost(WAIT).until(() -> numbers(session).contains(17L));
        assertThat(numbers(session)).containsExactlyInAnyOrder(42L, 17L);
    }

    @Test
    void aSessionThatEndsIsLookedAtOnceMore() {
        String branch = "podbench/" + UUID.randomUUID();
        SessionSnapshot session = activeSession(branch, base() + "/acme/app");
        // its first lookup finds nothing (the branch is not pushed yet)
        await().atMost(WAIT).untilAsserted(() -> github.verify(getRequestedFor(urlPathEqualTo(PULLS))
                .withQueryParam("head", equalTo("acme:" + branch))));

        github.stubFor(get(urlPathEqualTo(PULLS)).withQueryParam("head", equalTo("acme:" + branch))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody(Fixtures.read("github/pulls-of-branch.json").replace("https://github.com", base()))));
        // pushed at the very end: no clock advance, so only the end's lookup can find it
        Instant now = Instant.now();
        TestSessionSnapshots.publish(new SessionSnapshot(session.sessionId(), "repo-1", "app", branch, "origin/main",
                SessionState.ENDED, "alice", "test-pod", "local", "/nowhere", null, session.createdAt(), now, now,
                session.cloneUrl(), null));

        await().atMost(WAIT).until(() -> numbers(session).containsAll(List.of(42L, 17L)));
    }

    private SessionSnapshot activeSession(String branch, String cloneUrl) {
        String id = "s-" + UUID.randomUUID();
        Instant now = Instant.now();
        return TestSessionSnapshots.publish(new SessionSnapshot(id, "repo-1", "app", branch, "origin/main",
                SessionState.ACTIVE, "alice", "test-pod", "local", "/nowhere/" + id, null, now, now, null, cloneUrl, null));
    }

    private List<Long> numbers(SessionSnapshot session) {
        return store.forSession(session.sessionId()).await().atMost(WAIT).stream().map(TrackedPullRequest::number).toList();
    }

    private TrackedPullRequest row(SessionSnapshot session, long number) {
        return store.forSession(session.sessionId()).await().atMost(WAIT).stream().filter(r -> r.number() == number)
                .findFirst().orElseThrow();
    }

    private double requests(String outcome) {
        return meters.find("podbench.pr.host.requests").tag("outcome", outcome).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private String base() {
        return "http://127.0.0.1:" + github.port();
    }
}
