package dev.podbench.pr.hosts;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import io.smallrye.mutiny.Uni;

import dev.podbench.events.pullrequest.GitProvider;
import dev.podbench.pr.Fixtures;
import dev.podbench.events.pullrequest.PullRequestState;
import dev.podbench.events.pullrequest.ReviewStatus;
import dev.podbench.pr.status.CheckState;
import dev.podbench.pr.status.ChecksSummary;
import dev.podbench.pr.status.FailingCheck;
import dev.podbench.pr.status.Mergeable;
import dev.podbench.pr.status.PullRequestStatus;
import dev.podbench.pr.status.ReviewSummary;

/** GitHub Enterprise's REST API (GitHub's documented payloads) faked with WireMock. */
class GitHubClientTest {

    static final String TOKEN = "ghp_testTOKEN0123456789abcdefABCDEF0123";
    static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    static final String REPO = "/api/v3/repos/acme/app";
    static final PullRequestRef PR = new PullRequestRef("acme", "app", 42);

    final FakeHost fake = new FakeHost(Duration.ofSeconds(5));
    final ApiHost host = host(TOKEN);
    final GitHubClient client = new GitHubClient(new ObjectMapper(), fake.http);

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void pendingChecksTurnPassingAndNoCommitStatusesMeanNothingPending() {
        stubPendingChecks();

        PullRequestStatus pending = read();
        assertThat(pending).isEqualTo(new PullRequestStatus("Fix login redirect", PullRequestState.OPEN, false,
                "podbench/fix-login", SHA, Mergeable.MERGEABLE, new ChecksSummary(CheckState.PENDING, 0, 0, 2, 0, List.of()),
                new ReviewSummary(ReviewStatus.REVIEW_REQUIRED, 0)));

        stub(checkRuns(), json("github/check-runs-success.json"));
        assertThat(read().checks()).isEqualTo(new ChecksSummary(CheckState.PASSING, 2, 0, 0, 0, List.of()));

        stub(combinedStatus(), json("github/status-success.json"));
        assertThat(read().checks()).isEqualTo(new ChecksSummary(CheckState.PASSING, 3, 0, 0, 0, List.of()));
    }

    @Test
    void pendingChecksTurnFailingWithTheFailingOnesListed() {
        stubPendingChecks();
        assertThat(read().checks().state()).isEqualTo(CheckState.PENDING);

        stub(checkRuns(), json("github/check-runs-failure.json"));
        ChecksSummary failing = read().checks();
        assertThat(failing.state()).isEqualTo(CheckState.FAILING);
        assertThat(failing.pending()).isZero();
        assertThat(failing.failing()).extracting(FailingCheck::name).contains("build");
    }

    @Test
    void failingCheckRunsAndCommitStatusesAreListedWithTheirLinks() {
        stub(pull(), json("github/pull-open.json"));
        stub(checkRuns(), json("github/check-runs-failure.json"));
        stub(combinedStatus(), json("github/status-mixed.json"));
        stub(reviews(), json("github/reviews-none.json"));

        assertThat(read().checks()).isEqualTo(new ChecksSummary(CheckState.FAILING, 2, 2, 0, 0, List.of(
                new FailingCheck("build", "https://ci.example.com/acme/app/jobs/4"),
                new FailingCheck("security/snyk", "https://ci.example.com/security/snyk/2"))));
    }

    @Test
    void everyPageOfCheckRunsIsReadAndTheLatestRunPerNameWins() {
        stub(pull(), json("github/pull-open.json"));
        stub(checkRuns().withQueryParam("page", absent()), json("github/check-runs-page1.json")
                .withHeader("Link", "<" + fake.baseUrl() + REPO + "/commits/" + SHA + "/check-runs?per_page=100&page=2>; "
                        + "rel=\"next\", <" + fake.baseUrl() + REPO + "/commits/" + SHA + "/check-runs?per_page=100&page=2>; rel=\"last\""));
        stub(checkRuns().withQueryParam("page", equalTo("2")), json("github/check-runs-page2.json"));
        stub(combinedStatus(), json("github/status-none.json"));
        stub(reviews(), json("github/reviews-none.json"));

        // build failed on page 1 but its re-run on page 2 passed; e2e timed out and has no details_url
        assertThat(read().checks()).isEqualTo(new ChecksSummary(CheckState.FAILING, 2, 1, 0, 1, List.of(
                new FailingCheck("e2e", "https://github.com/acme/app/runs/14"))));
        fake.server.verify(1, getRequestedFor(urlPathEqualTo(REPO + "/commits/" + SHA + "/check-runs"))
                .withQueryParam("page", equalTo("2")));
    }

    @Test
    void aCommentAfterAnApprovalKeepsItApprovedAndChangesRequestedWin() {
        stub(pull(), json("github/pull-open.json"));
        stub(checkRuns(), json("github/check-runs-success.json"));
        stub(combinedStatus(), json("github/status-none.json"));
        stub(reviews(), json("github/reviews-approved-then-commented.json"));

        assertThat(read().review()).isEqualTo(new ReviewSummary(ReviewStatus.APPROVED, 1));

        stub(reviews(), json("github/reviews-changes-requested.json"));
        assertThat(read().review()).isEqualTo(new ReviewSummary(ReviewStatus.CHANGES_REQUESTED, 1));
    }

    @Test
    void mergeableNullIsUnknownAndDraftsAndMergesAreRead() {
        stub(checkRuns(), json("github/check-runs-success.json"));
        stub(combinedStatus(), json("github/status-none.json"));
        stub(reviews(), json("github/reviews-none.json"));

        stub(pull(), json("github/pull-mergeable-null.json"));
        assertThat(read().mergeable()).isEqualTo(Mergeable.UNKNOWN);

        stub(pull(), json("github/pull-draft.json"));
        PullRequestStatus draft = read();
        assertThat(draft.draft()).isTrue();
        assertThat(draft.eventState()).isEqualTo(PullRequestState.DRAFT);

        stub(pull(), json("github/pull-merged.json"));
        PullRequestStatus merged = read();
        assertThat(merged.state()).isEqualTo(PullRequestState.MERGED);
        assertThat(merged.finished()).isTrue();
    }

    @Test
    void unchangedAnswersComeBackAs304sThatCostNothing() {
        stubWithEtags();
        PullRequestStatus first = read();
        assertThat(fake.requests("ok")).isEqualTo(4);

        PullRequestStatus second = read();

        assertThat(second).isEqualTo(first);
        assertThat(fake.requests("ok")).isEqualTo(4);
        assertThat(fake.requests("not-modified")).isEqualTo(4);
        fake.server.verify(4, getRequestedFor(urlPathMatching(REPO + "/.*")).withHeader("If-None-Match", equalTo("\"v1\"")));
    }

    @Test
    void theCacheIsKeyedByTokenToo() {
        stubWithEtags();
        read();

        ApiHost otherToken = host("ghp_anotherTOKEN");
        client.read(otherToken, PR).await().atMost(Duration.ofSeconds(10));

        assertThat(fake.requests("ok")).isEqualTo(8);
        assertThat(fake.requests("not-modified")).isZero();
    }

    @Test
    void anExhaustedRateLimitHoldsEveryRequestUntilItsReset() {
        Instant reset = fake.clock.instant().plus(Duration.ofMinutes(20));
        stub(pull(), aResponse().withStatus(403).withHeader("Content-Type", "application/json")
                .withHeader("x-ratelimit-limit", "5000").withHeader("x-ratelimit-remaining", "0")
                .withHeader("x-ratelimit-used", "5000").withHeader("x-ratelimit-reset", Long.toString(reset.getEpochSecond()))
                .withBody("{\"message\":\"API rate limit exceeded for user ID 1.\","
                        + "\"documentation_url\":\"https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting\"}"));

        HostFailure limited = failure();
        assertThat(limited.reason()).isEqualTo(HostFailure.Reason.RATE_LIMITED);
        assertThat(limited.retryAt()).contains(reset);

        fake.clock.advance(Duration.ofMinutes(19));
        assertThat(failure().retryAt()).contains(reset);
        fake.server.verify(1, getRequestedFor(urlPathEqualTo(REPO + "/pulls/42")));

        fake.clock.set(reset);
        stubHealthy();
        assertThat(read().title()).isEqualTo("Fix login redirect");
    }

    @Test
    void theLastRequestOfALimitWindowHoldsTheNextOnes() {
        Instant reset = fake.clock.instant().plus(Duration.ofMinutes(5));
        stubHealthy();
        stub(reviews(), aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("x-ratelimit-remaining", "0").withHeader("x-ratelimit-reset", Long.toString(reset.getEpochSecond()))
                .withBody(Fixtures.read("github/reviews-none.json")));
        read();

        assertThat(failure().retryAt()).contains(reset);
        fake.server.verify(1, getRequestedFor(urlPathEqualTo(REPO + "/pulls/42")));
    }

    @Test
    void aSecondaryLimitWaitsForRetryAfter() {
        stub(pull(), aResponse().withStatus(403).withHeader("Content-Type", "application/json").withHeader("retry-after", "30")
                .withBody("{\"message\":\"You have exceeded a secondary rate limit. Please wait a few minutes before you try again.\","
                        + "\"documentation_url\":\"https://docs.github.com/rest/overview/rate-limits-for-the-rest-api\"}"));
        Instant now = fake.clock.instant();

        assertThat(failure().retryAt()).contains(now.plusSeconds(30));
        fake.clock.advance(Duration.ofSeconds(29));
        failure();
        fake.server.verify(1, getRequestedFor(urlPathEqualTo(REPO + "/pulls/42")));

        fake.clock.advance(Duration.ofSeconds(1));
        stubHealthy();
        assertThat(read().title()).isEqualTo("Fix login redirect");
    }

    @Test
    void aSecondaryLimitWithoutRetryAfterWaitsAMinuteAndThenDoubles() {
        stub(pull(), aResponse().withStatus(429).withBody("{\"message\":\"Too many requests\"}"));

        Instant first = fake.clock.instant();
        assertThat(failure().retryAt()).contains(first.plusSeconds(60));
        fake.clock.advance(Duration.ofSeconds(60));
        Instant second = fake.clock.instant();
        assertThat(failure().retryAt()).contains(second.plusSeconds(120));

        stub(pull(), aResponse().withStatus(403).withBody("{\"message\":\"You have exceeded a secondary rate limit.\"}"));
        fake.clock.advance(Duration.ofSeconds(120));
        assertThat(failure().retryAt()).contains(fake.clock.instant().plusSeconds(240));
    }

    @Test
    void rejectedCredentialsNoAccessAndServerErrorsSayWhatHappenedWithoutTheToken() {
        stub(pull(), aResponse().withStatus(401).withBody("{\"message\":\"Bad credentials\"}"));
        HostFailure rejected = failure();
        assertThat(rejected.reason()).isEqualTo(HostFailure.Reason.CREDENTIALS_REJECTED);
        assertThat(rejected.getMessage()).isEqualTo("host credentials rejected").doesNotContain(TOKEN);

        stub(pull(), aResponse().withStatus(404).withBody("{\"message\":\"Not Found\"}"));
        assertThat(failure().getMessage()).isEqualTo("no access");

        stub(pull(), aResponse().withStatus(403).withBody("{\"message\":\"Resource not accessible by integration\"}"));
        assertThat(failure().reason()).isEqualTo(HostFailure.Reason.NO_ACCESS);

        stub(pull(), aResponse().withStatus(502).withBody("<html>Bad gateway</html>"));
        HostFailure unavailable = failure();
        assertThat(unavailable.reason()).isEqualTo(HostFailure.Reason.UNAVAILABLE);
        assertThat(unavailable.getMessage()).isEqualTo("host unavailable: HTTP 502");
        fake.server.verify(getRequestedFor(urlPathEqualTo(REPO + "/pulls/42")).withHeader("Authorization",
                equalTo("Bearer " + TOKEN)));
    }

    @Test
    void aHostThatDoesNotAnswerInTimeIsUnavailable() {
        try (FakeHost slow = new FakeHost(Duration.ofMillis(300))) {
            slow.server.stubFor(get(urlPathEqualTo(REPO + "/pulls/42")).willReturn(json("github/pull-open.json")
                    .withFixedDelay(2000)));
            GitHubClient slowClient = new GitHubClient(new ObjectMapper(), slow.http);
            ApiHost slowHost = new ApiHost("ghe", GitProvider.GITHUB, URI.create(slow.baseUrl()),
                    URI.create(slow.baseUrl() + "/api/v3"), Optional.empty());

            assertThatThrownBy(() -> slowClient.read(slowHost, PR).await().atMost(Duration.ofSeconds(10)))
                    .isInstanceOfSatisfying(HostFailure.class, f -> assertThat(f.getMessage()).isEqualTo("host unavailable: timeout"));
        }
    }

    @Test
    void oneTokenHasAtMostOneRequestInFlight() {
        stubHealthy();
        stub(pull(), json("github/pull-open.json").withFixedDelay(150));

        Uni.join().all(List.of(client.read(host, PR), client.read(host, PR), client.read(host, PR))).andFailFast()
                .await().atMost(Duration.ofSeconds(20));

        List<ServeEvent> served = fake.server.getAllServeEvents().stream()
                .sorted(Comparator.comparing(e -> e.getRequest().getLoggedDate())).toList();
        assertThat(served).hasSize(12);
        for (int i = 1; i < served.size(); i++) {
            ServeEvent before = served.get(i - 1);
            long finished = before.getRequest().getLoggedDate().getTime() + before.getTiming().getTotalTime();
            assertThat(served.get(i).getRequest().getLoggedDate().getTime()).as("request %d starts after %d answered", i, i - 1)
                    .isGreaterThanOrEqualTo(finished - 5);
        }
    }

    @Test
    void aBranchsPullRequestsAreListedInEveryStateAndAnUnchangedListIsAFree304() {
        MappingBuilder ofBranch = get(urlPathEqualTo(REPO + "/pulls"))
                .withQueryParam("head", equalTo("acme:podbench/fix-login")).withQueryParam("state", equalTo("all"));
        stub(ofBranch.withHeader("If-None-Match", absent()), json("github/pulls-of-branch.json").withHeader("ETag", "\"b1\""));
        stub(get(urlPathEqualTo(REPO + "/pulls")).withHeader("If-None-Match", equalTo("\"b1\"")),
                aResponse().withStatus(304).withHeader("ETag", "\"b1\""));
        RepositoryRef repository = new RepositoryRef("acme", "app");

        List<String> first = client.pullRequestsOf(host, repository, "podbench/fix-login").await().atMost(Duration.ofSeconds(10));
        List<String> again = client.pullRequestsOf(host, repository, "podbench/fix-login").await().atMost(Duration.ofSeconds(10));

        assertThat(first).containsExactly("https://github.com/acme/app/pull/42", "https://github.com/acme/app/pull/17");
        assertThat(again).isEqualTo(first);
        assertThat(fake.requests("ok")).isEqualTo(1);
        assertThat(fake.requests("not-modified")).isEqualTo(1);
        fake.server.verify(getRequestedFor(urlPathEqualTo(REPO + "/pulls")).withHeader("If-None-Match", equalTo("\"b1\""))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    /** Open, two check runs pending, no commit statuses, no reviews. */
    private void stubPendingChecks() {
        stub(pull(), json("github/pull-open.json"));
        stub(checkRuns(), json("github/check-runs-pending.json"));
        stub(combinedStatus(), json("github/status-none.json"));
        stub(reviews(), json("github/reviews-none.json"));
    }

    private void stubHealthy() {
        stub(pull(), json("github/pull-open.json"));
        stub(checkRuns(), json("github/check-runs-success.json"));
        stub(combinedStatus(), json("github/status-none.json"));
        stub(reviews(), json("github/reviews-none.json"));
    }

    private void stubWithEtags() {
        for (var entry : List.of(
                new Object[] { pull(), "github/pull-open.json" },
                new Object[] { checkRuns(), "github/check-runs-success.json" },
                new Object[] { combinedStatus(), "github/status-mixed.json" },
                new Object[] { reviews(), "github/reviews-approved-then-commented.json" })) {
            MappingBuilder request = (MappingBuilder) entry[0];
            stub(request.withHeader("If-None-Match", absent()), json((String) entry[1]).withHeader("ETag", "\"v1\""));
        }
        for (MappingBuilder request : List.of(pull(), checkRuns(), combinedStatus(), reviews())) {
            stub(request.withHeader("If-None-Match", equalTo("\"v1\"")), aResponse().withStatus(304).withHeader("ETag", "\"v1\""));
        }
    }

    private PullRequestStatus read() {
        return client.read(host, PR).await().atMost(Duration.ofSeconds(10));
    }

    private HostFailure failure() {
        try {
            read();
        } catch (HostFailure failure) {
            return failure;
        }
        throw new AssertionError("the read should have failed");
    }

    private ApiHost host(String token) {
        return new ApiHost("ghe", GitProvider.GITHUB, URI.create(fake.baseUrl()), URI.create(fake.baseUrl() + "/api/v3"),
                Optional.of(HostToken.of(token)));
    }

    private void stub(MappingBuilder request, ResponseDefinitionBuilder response) {
        fake.server.stubFor(request.willReturn(response));
    }

    private static MappingBuilder pull() {
        return get(urlPathEqualTo(REPO + "/pulls/42"));
    }

    private static MappingBuilder checkRuns() {
        return get(urlPathEqualTo(REPO + "/commits/" + SHA + "/check-runs")).withQueryParam("per_page", equalTo("100"));
    }

    private static MappingBuilder combinedStatus() {
        return get(urlPathEqualTo(REPO + "/commits/" + SHA + "/status"));
    }

    private static MappingBuilder reviews() {
        return get(urlPathEqualTo(REPO + "/pulls/42/reviews")).withQueryParam("per_page", equalTo("100"));
    }

    static ResponseDefinitionBuilder json(String fixture) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json; charset=utf-8")
                .withHeader("x-ratelimit-limit", "5000").withHeader("x-ratelimit-remaining", "4999")
                .withHeader("x-ratelimit-reset", "1796540400")
                .withBody(Fixtures.read(fixture));
    }
}
