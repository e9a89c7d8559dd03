package dev.podbench.pr.hosts;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.podbench.events.pullrequest.PullRequestState;
import dev.podbench.events.pullrequest.ReviewStatus;
import dev.podbench.pr.status.Check;
import dev.podbench.pr.status.CheckBucket;
import dev.podbench.pr.status.ChecksSummary;
import dev.podbench.pr.status.Mergeable;
import dev.podbench.pr.status.PullRequestStatus;
import dev.podbench.pr.status.ReviewSummary;

/**
 * GitLab.com and self-managed GitLab (REST v4): the merge request, the jobs of its head pipeline (the checks) and
 * its approvals.
 */
public class GitLabClient implements HostClient {

    private final JsonAnswers json;

    public GitLabClient(ObjectMapper mapper, HostHttp http) {
        this.json = new JsonAnswers(mapper, http);
    }

    @Override
    public Uni<PullRequestStatus> read(ApiHost host, PullRequestRef ref) {
        String project = host.api("/projects/" + URLEncoder.encode(ref.path(), StandardCharsets.UTF_8));
        String mergeRequest = project + "/merge_requests/" + ref.number();
        return json.get(host, mergeRequest).chain(mr -> {
            JsonNode pipeline = mr.path("head_pipeline");
            Uni<List<JsonNode>> jobs = pipeline.path("id").isNumber()
                    ? json.all(host, project + "/pipelines/" + pipeline.path("id").asLong() + "/jobs?per_page=100",
                            page -> page)
                    : Uni.createFrom().item(List.of());
            Uni<JsonNode> approvals = json.get(host, mergeRequest + "/approvals");
            return jobs.chain(j -> approvals.map(a -> status(mr, j, a)));
        });
    }

    /** Merge requests in every state whose {@code source_branch} is {@code branch}. */
    @Override
    public Uni<List<String>> pullRequestsOf(ApiHost host, RepositoryRef repository, String branch) {
        String project = host.api("/projects/" + URLEncoder.encode(repository.path(), StandardCharsets.UTF_8));
        return json.all(host, project + "/merge_requests?source_branch=" + URLEncoder.encode(branch, StandardCharsets.UTF_8)
                + "&state=all&per_page=100", page -> page).map(mrs -> JsonAnswers.texts(mrs, "web_url"));
    }

    private static PullRequestStatus status(JsonNode mr, List<JsonNode> jobs, JsonNode approvals) {
        List<Check> checks = jobs.stream()
                .map(job -> new Check(job.path("name").asText(),
                        CheckBucket.ofGitLabJob(JsonAnswers.text(job, "status"), job.path("allow_failure").asBoolean(false)),
                        JsonAnswers.text(job, "web_url"), JsonAnswers.instant(job, "started_at"), job.path("id").asLong()))
                .toList();
        JsonNode pipeline = mr.path("head_pipeline");
        ChecksSummary summary = checks.isEmpty() && pipeline.isObject()
                ? pipelineOnly(pipeline) : ChecksSummary.of(checks);
        String sha = JsonAnswers.text(mr, "sha");
        return new PullRequestStatus(
                JsonAnswers.text(mr, "title"),
                state(JsonAnswers.text(mr, "state")),
                mr.path("draft").asBoolean(mr.path("work_in_progress").asBoolean(false)),
                JsonAnswers.text(mr, "source_branch"),
                sha,
                mergeable(mr),
                summary,
                review(approvals));
    }

    /** A pipeline whose jobs we cannot list (no access to jobs): the pipeline itself is the one check. */
    private static ChecksSummary pipelineOnly(JsonNode pipeline) {
        return ChecksSummary.of(List.of(new Check("pipeline", CheckBucket.ofGitLabJob(JsonAnswers.text(pipeline, "status"), false),
                JsonAnswers.text(pipeline, "web_url"), null, pipeline.path("id").asLong())));
    }

    private static PullRequestState state(String state) {
        return switch (state == null ? "" : state.toLowerCase(Locale.ROOT)) {
            case "merged" -> PullRequestState.MERGED;
            case "closed", "locked" -> PullRequestState.CLOSED;
            case "opened" -> PullRequestState.OPEN;
            default -> throw new HostFailure(HostFailure.Reason.UNREADABLE, Optional.empty(), "merge request state");
        };
    }

    private static Mergeable mergeable(JsonNode mr) {
        if (mr.path("has_conflicts").asBoolean(false)) {
            return Mergeable.CONFLICTING;
        }
        String status = JsonAnswers.text(mr, "detailed_merge_status");
        if (status == null) {
            status = JsonAnswers.text(mr, "merge_status");
        }
        return switch (status == null ? "" : status) {
            case "conflict", "cannot_be_merged", "need_rebase" -> Mergeable.CONFLICTING;
            case "", "unchecked", "checking", "cannot_be_merged_recheck", "preparing", "approvals_syncing" -> Mergeable.UNKNOWN;
            // mergeable, or held back by a rule (approvals, CI, discussions), which is not a conflict
            default -> Mergeable.MERGEABLE;
        };
    }

    private static ReviewSummary review(JsonNode approvals) {
        int approvedBy = approvals.path("approved_by").size();
        int left = approvals.path("approvals_left").asInt(0);
        if (left > 0) {
            return new ReviewSummary(ReviewStatus.REVIEW_REQUIRED, approvedBy);
        }
        if (approvedBy > 0 || approvals.path("approved").asBoolean(false) && approvals.path("approvals_required").asInt(0) > 0) {
            return new ReviewSummary(ReviewStatus.APPROVED, approvedBy);
        }
        return ReviewSummary.NONE;
    }
}
