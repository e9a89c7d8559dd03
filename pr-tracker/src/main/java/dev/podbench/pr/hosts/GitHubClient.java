package dev.podbench.pr.hosts;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.podbench.events.pullrequest.PullRequestState;
import dev.podbench.pr.status.Check;
import dev.podbench.pr.status.CheckBucket;
import dev.podbench.pr.status.ChecksSummary;
import dev.podbench.pr.status.Mergeable;
import dev.podbench.pr.status.PullRequestStatus;
import dev.podbench.pr.status.ReviewSummary;

/**
 * GitHub.com and GitHub Enterprise Server (REST v3): the pull request, then for its head commit every page of
 * check runs and the combined commit status, and every page of reviews.
 */
public class GitHubClient implements HostClient {

    private final JsonAnswers json;

    public GitHubClient(ObjectMapper mapper, HostHttp http) {
        this.json = new JsonAnswers(mapper, http);
    }

    @Override
    public Uni<PullRequestStatus> read(ApiHost host, PullRequestRef ref) {
        String repo = host.api("/repos/" + ref.path());
        return json.get(host, repo + "/pulls/" + ref.number()).chain(pull -> {
            String sha = pull.path("head").path("sha").asText("");
            if (sha.isEmpty()) {
                throw new HostFailure(HostFailure.Reason.UNREADABLE, Optional.empty(), "pull request without head");
            }
            Uni<List<JsonNode>> runs = json.all(host, repo + "/commits/" + sha + "/check-runs?per_page=100",
                    page -> page.path("check_runs"));
            Uni<JsonNode> statuses = json.get(host, repo + "/commits/" + sha + "/status?per_page=100");
            Uni<List<JsonNode>> reviews = json.all(host, repo + "/pulls/" + ref.number() + "/reviews?per_page=100",
                    page -> page);
            return runs.chain(r -> statuses.chain(s -> reviews.map(v -> status(pull, sha, r, s, v))));
        });
    }

    /** {@code head=owner:branch} finds a pull request from the repository's own branch (not from a fork's). */
    @Override
    public Uni<List<String>> pullRequestsOf(ApiHost host, RepositoryRef repository, String branch) {
        String head = URLEncoder.encode(repository.namespace() + ":" + branch, StandardCharsets.UTF_8);
        return json.all(host, host.api("/repos/" + repository.path() + "/pulls?head=" + head + "&state=all&per_page=100"),
                page -> page).map(pulls -> JsonAnswers.texts(pulls, "html_url"));
    }

    private static PullRequestStatus status(JsonNode pull, String sha, List<JsonNode> runs, JsonNode combined,
            List<JsonNode> reviews) {
        List<Check> checks = new ArrayList<>();
        for (JsonNode run : runs) {
            String url = firstNonBlank(JsonAnswers.text(run, "details_url"), JsonAnswers.text(run, "html_url"));
            checks.add(new Check(run.path("name").asText(), CheckBucket.ofCheckRun(JsonAnswers.text(run, "status"),
                    JsonAnswers.text(run, "conclusion")), url, JsonAnswers.instant(run, "started_at"),
                    run.path("id").asLong()));
        }
        // an empty "statuses" means no commit statuses at all (GitHub then still says "pending")
        for (JsonNode status : combined.path("statuses")) {
            checks.add(new Check(status.path("context").asText(), CheckBucket.ofCommitStatus(JsonAnswers.text(status, "state")),
                    JsonAnswers.text(status, "target_url"), JsonAnswers.instant(status, "created_at"),
                    status.path("id").asLong()));
        }
        List<ReviewSummary.Review> submitted = reviews.stream()
                .map(r -> new ReviewSummary.Review(r.path("user").path("login").asText(null), JsonAnswers.text(r, "state")))
                .toList();
        boolean requested = pull.path("requested_reviewers").size() > 0 || pull.path("requested_teams").size() > 0;
        return new PullRequestStatus(
                JsonAnswers.text(pull, "title"),
                state(pull),
                pull.path("draft").asBoolean(false),
                pull.path("head").path("ref").asText(null),
                sha,
                mergeable(pull.path("mergeable")),
                ChecksSummary.of(checks),
                ReviewSummary.of(submitted, requested));
    }

    private static PullRequestState state(JsonNode pull) {
        if (pull.path("merged").asBoolean(false) || !pull.path("merged_at").isMissingNode() && !pull.path("merged_at").isNull()) {
            return PullRequestState.MERGED;
        }
        return "closed".equals(String.valueOf(JsonAnswers.text(pull, "state")).toLowerCase(Locale.ROOT))
                ? PullRequestState.CLOSED : PullRequestState.OPEN;
    }

    /** {@code mergeable: null} means GitHub is still computing it. */
    private static Mergeable mergeable(JsonNode value) {
        if (!value.isBoolean()) {
            return Mergeable.UNKNOWN;
        }
        return value.booleanValue() ? Mergeable.MERGEABLE : Mergeable.CONFLICTING;
    }

    static String firstNonBlank(String first, String second) {
        return first != null && !first.isBlank() ? first : second;
    }
}
