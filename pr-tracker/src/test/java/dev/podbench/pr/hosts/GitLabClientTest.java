package dev.podbench.pr.hosts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;

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

/** A self-managed GitLab (REST v4, GitLab's documented payloads) faked with WireMock. */
class GitLabClientTest {

    static final String TOKEN = "glpat-testTOKEN0123456789";
    static final String PROJECT = "/api/v4/projects/platform%2Ftools%2Fapp";
    static final PullRequestRef MR = new PullRequestRef("platform/tools", "app", 7);

    final ObjectMapper mapper = new ObjectMapper();
    final FakeHost fake = new FakeHost(Duration.ofSeconds(5));
    final ApiHost host = new ApiHost("gitlab", GitProvider.GITLAB, URI.create(fake.baseUrl()),
            URI.create(fake.baseUrl() + "/api/v4"), Optional.of(HostToken.of(TOKEN)));
    final GitLabClient client = new GitLabClient(mapper, fake.http);

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void aMergeRequestWithAFailedPipelineAndApprovalsLeft() {
        stub(PROJECT + "/merge_requests/7", json(Fixtures.read("gitlab/merge-request.json")));
        stub(PROJECT + "/pipelines/901/jobs", json(Fixtures.read("gitlab/pipeline-jobs.json")));
        stub(PROJECT + "/merge_requests/7/approvals", json(Fixtures.read("gitlab/approvals.json")));

        PullRequestStatus status = client.read(host, MR).await().atMost(Duration.ofSeconds(10));

        // test failed twice (the retry counts), flaky-e2e may fail, deploy waits for a person
        assertThat(status).isEqualTo(new PullRequestStatus("Speed up the importer", PullRequestState.OPEN, false,
                "podbench/importer", "8888888888888888888888888888888888888888", Mergeable.MERGEABLE,
                new ChecksSummary(CheckState.FAILING, 1, 1, 0, 2, List.of(
                        new FailingCheck("test", "https://gitlab.example.com/platform/tools/app/-/jobs/5003"))),
                new ReviewSummary(ReviewStatus.REVIEW_REQUIRED, 1)));
        fake.server.verify(getRequestedFor(urlPathEqualTo(PROJECT + "/merge_requests/7"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void aMergedRequestWithoutPipelineButEnoughApprovals() throws Exception {
        ObjectNode mr = (ObjectNode) mapper.readTree(Fixtures.read("gitlab/merge-request.json"));
        mr.put("state", "merged").put("draft", false).putNull("head_pipeline");
        mr.put("detailed_merge_status", "not_open");
        ObjectNode approvals = (ObjectNode) mapper.readTree(Fixtures.read("gitlab/approvals.json"));
        approvals.put("approved", true).put("approvals_left", 0);
        stub(PROJECT + "/merge_requests/7", json(mr.toString()));
        stub(PROJECT + "/merge_requests/7/approvals", json(approvals.toString()));

        PullRequestStatus status = client.read(host, MR).await().atMost(Duration.ofSeconds(10));

        assertThat(status.state()).isEqualTo(PullRequestState.MERGED);
        assertThat(status.checks()).isEqualTo(ChecksSummary.NONE);
        assertThat(status.review()).isEqualTo(new ReviewSummary(ReviewStatus.APPROVED, 1));
    }

    @Test
    void aRunningPipelineIsPendingAndADraftConflictIsShown() throws Exception {
        ObjectNode mr = (ObjectNode) mapper.readTree(Fixtures.read("gitlab/merge-request.json"));
        mr.put("draft", true).put("has_conflicts", true).put("detailed_merge_status", "conflict");
        ((ObjectNode) mr.get("head_pipeline")).put("status", "running");
        stub(PROJECT + "/merge_requests/7", json(mr.toString()));
        stub(PROJECT + "/pipelines/901/jobs", json("[]"));
        stub(PROJECT + "/merge_requests/7/approvals", json(Fixtures.read("gitlab/approvals.json")));

        PullRequestStatus status = client.read(host, MR).await().atMost(Duration.ofSeconds(10));

        assertThat(status.eventState()).isEqualTo(PullRequestState.DRAFT);
        assertThat(status.mergeable()).isEqualTo(Mergeable.CONFLICTING);
        assertThat(status.checks()).isEqualTo(new ChecksSummary(CheckState.PENDING, 0, 0, 1, 0, List.of()));
    }

    @Test
    void aBranchsMergeRequestsAreFoundBySourceBranch() {
        fake.server.stubFor(get(urlPathEqualTo(PROJECT + "/merge_requests"))
                .withQueryParam("source_branch", equalTo("podbench/importer")).withQueryParam("state", equalTo("all"))
                .willReturn(json(Fixtures.read("gitlab/merge-requests-of-branch.json"))));

        List<String> found = client.pullRequestsOf(host, new RepositoryRef("platform/tools", "app"), "podbench/importer")
                .await().atMost(Duration.ofSeconds(10));

        assertThat(found).containsExactly("https://gitlab.example.com/platform/tools/app/-/merge_requests/7");
        fake.server.verify(getRequestedFor(urlPathEqualTo(PROJECT + "/merge_requests"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    private void stub(String path, ResponseDefinitionBuilder response) {
        fake.server.stubFor(get(urlPathEqualTo(path)).willReturn(response));
    }

    private static ResponseDefinitionBuilder json(String body) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("RateLimit-Limit", "2000").withHeader("RateLimit-Remaining", "1999")
                .withHeader("RateLimit-Reset", "1796540400").withBody(body);
    }
}
