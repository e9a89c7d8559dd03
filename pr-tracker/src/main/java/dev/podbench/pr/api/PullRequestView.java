package dev.podbench.pr.api;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.podbench.events.pullrequest.PullRequestState;
import dev.podbench.pr.status.ChecksSummary;
import dev.podbench.pr.status.Mergeable;
import dev.podbench.pr.status.ReviewSummary;
import dev.podbench.pr.tracking.TrackedPullRequest;

/**
 * One pull request as the API shows it (DESIGN.md). Before the host's first answer only where it is known:
 * {@code title}, {@code state}, ... are null. {@code stale} only while the host fails.
 *
 * @param state      open, closed or merged (a draft is open with {@code draft})
 * @param detectedAt when the session's gateway first saw it (the Activity tab's "opened" line)
 */
public record PullRequestView(
        String sessionId,
        String url,
        String host,
        String repository,
        long number,
        String title,
        PullRequestState state,
        Boolean draft,
        String headBranch,
        String headSha,
        ChecksSummary checks,
        ReviewSummary review,
        Mergeable mergeable,
        Instant checkedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Stale stale,
        Instant detectedAt) {

    /** Since when, and why, the last good answer is all there is. */
    public record Stale(Instant since, String reason) {
    }

    public static PullRequestView of(TrackedPullRequest pr) {
        var status = pr.status();
        Stale stale = pr.staleSince() == null ? null : new Stale(pr.staleSince(), pr.staleReason());
        return new PullRequestView(pr.sessionId(), pr.url(), pr.host(), pr.repository(), pr.number(),
                status == null ? null : status.title(),
                status == null ? null : status.state(),
                status == null ? null : status.draft(),
                status == null ? null : status.headBranch(),
                status == null ? null : status.headSha(),
                status == null ? null : status.checks(),
                status == null ? null : status.review(),
                status == null ? null : status.mergeable(),
                pr.checkedAt(), stale, pr.detectedAt());
    }
}
