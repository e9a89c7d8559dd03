package dev.podbench.pr.api;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.github.tomakehurst.wiremock.WireMockServer;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.podbench.events.EventJson;
import dev.podbench.events.Topics;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import dev.podbench.pr.tracking.FakeGitHubResource;
import dev.podbench.pr.tracking.PullRequestStore;
import dev.podbench.testkit.KafkaTestResource;
import dev.podbench.testkit.PostgresTestResource;
import dev.podbench.testkit.TestSessionSnapshots;
import dev.podbench.testkit.TestTokens;
import dev.podbench.testkit.TokenTestResource;

/** The pull-request API: owner only (admin all), the DESIGN.md shape, filters, after the session ended. */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(TokenTestResource.class)
@QuarkusTestResource(FakeGitHubResource.class)
class PullRequestApiTest {

    static final String SHA = FakeGitHubResource.SHA;
    static final Duration WAIT = Duration.ofSeconds(20);

    @FakeGitHubResource.Inject
    WireMockServer github;

    @Inject
    PullRequestStore store;

    @BeforeEach
    void hostWithPendingChecks() {
        FakeGitHubResource.openPullRequestWithPendingChecks(github);
    }

    @Test
    void theOwnerSeesTheSessionsPullRequestsInTheDesignShape() {
        String owner = "olga-" + UUID.randomUUID();
        SessionSnapshot session = TestSessionSnapshots.active(owner, "repo-" + UUID.randomUUID());
        readPullRequest(session.sessionId());

        given().auth().oauth2(TestTokens.bearer(owner)).get("/api/sessions/{id}/pull-requests", session.sessionId())
                .then().statusCode(200)
                .body("", hasSize(1))
                .body("[0].url", equalTo("http://127.0.0.1:" + github.port() + "/acme/app/pull/42"))
                .body("[0].host", equalTo("127.0.0.1:" + github.port()))
                .body("[0].repository", equalTo("acme/app"))
                .body("[0].number", equalTo(42))
                .body("[0].title", equalTo("Fix login redirect"))
                .body("[0].state", equalTo("open"))
                .body("[0].draft", equalTo(false))
                .body("[0].headBranch", equalTo("podbench/fix-login"))
                .body("[0].headSha", equalTo(SHA))
                .body("[0].checks.state", equalTo("pending"))
                .body("[0].checks.pending", equalTo(2))
                .body("[0].checks.failing", hasSize(0))
                .body("[0].review.decision", equalTo("review_required"))
                .body("[0].review.approvals", equalTo(0))
                .body("[0].mergeable", notNullValue())
                .body("[0].checkedAt", notNullValue())
                .body("[0].detectedAt", notNullValue())
                .body("[0].stale", nullValue());
        given().auth().oauth2(TestTokens.admin("root")).get("/api/sessions/{id}/pull-requests", session.sessionId())
                .then().statusCode(200).body("", hasSize(1));
    }

    @Test
    void someoneElsesSessionAndAnUnknownOneAreNotFoundAndNoTokenIs401() {
        SessionSnapshot session = TestSessionSnapshots.active("olga-" + UUID.randomUUID(), "repo-1");
        readPullRequest(session.sessionId());

        given().auth().oauth2(TestTokens.bearer("mallory")).get("/api/sessions/{id}/pull-requests", session.sessionId())
                .then().statusCode(404).body("error", equalTo("session not found"));
        given().auth().oauth2(TestTokens.bearer("mallory")).get("/api/sessions/{id}/pull-requests", "s-" + UUID.randomUUID())
                .then().statusCode(404).body("error", equalTo("session not found"));
        given().get("/api/sessions/{id}/pull-requests", session.sessionId()).then().statusCode(401)
                .body("error", notNullValue());
        given().auth().oauth2(TestTokens.bearer("mallory")).get("/api/pull-requests")
                .then().statusCode(200).body("url", not(hasItem(notNullValue())));
    }

    @Test
    void acrossSessionsByStateAndRepositoryAlsoAfterTheSessionEnded() {
        String owner = "pia-" + UUID.randomUUID();
        String repository = "repo-" + UUID.randomUUID();
        SessionSnapshot session = TestSessionSnapshots.active(owner, repository);
        readPullRequest(session.sessionId());
        TestSessionSnapshots.publish(TestSessionSnapshots.snapshot(session.sessionId(), owner, repository,
                SessionState.ENDED));
        await().atMost(WAIT).untilAsserted(() -> given().auth().oauth2(TestTokens.bearer(owner))
                .get("/api/sessions/{id}/pull-requests", session.sessionId()).then().statusCode(200)
                .body("", hasSize(1)));

        given().auth().oauth2(TestTokens.bearer(owner)).get("/api/pull-requests")
                .then().statusCode(200).body("", hasSize(1)).body("[0].sessionId", equalTo(session.sessionId()));
        given().auth().oauth2(TestTokens.bearer(owner)).queryParam("state", "open")
                .queryParam("repositoryId", repository).get("/api/pull-requests")
                .then().statusCode(200).body("", hasSize(1)).body("[0].number", equalTo(42));
        given().auth().oauth2(TestTokens.bearer(owner)).queryParam("state", "merged").get("/api/pull-requests")
                .then().statusCode(200).body("", hasSize(0));
        given().auth().oauth2(TestTokens.bearer(owner)).queryParam("repositoryId", "another").get("/api/pull-requests")
                .then().statusCode(200).body("", hasSize(0));
        given().auth().oauth2(TestTokens.admin("root")).queryParam("repositoryId", repository).get("/api/pull-requests")
                .then().statusCode(200).body("", hasSize(1));
        given().auth().oauth2(TestTokens.admin("root")).get("/api/pull-requests")
                .then().statusCode(200).body("sessionId", hasItem(session.sessionId()));
    }

    @Test
    void aBadStateIs400WithTheErrorBody() {
        given().auth().oauth2(TestTokens.bearer("olga")).queryParam("state", "sideways").get("/api/pull-requests")
                .then().statusCode(400).body("error", equalTo("the state filter must be open, draft, closed or merged"))
                .body("detail.field", equalTo("state")).body("detail.value", equalTo("sideways"));
    }

    private void readPullRequest(String session) {
        KafkaTestResource.send(Topics.PULL_REQUESTS, session,
                EventJson.encodeToString(FakeGitHubResource.detectedPullRequest(github, session)));
        await().atMost(WAIT).until(() -> store.forSession(session).await().atMost(WAIT).stream()
                .anyMatch(pr -> pr.checkedAt() != null));
    }
}
