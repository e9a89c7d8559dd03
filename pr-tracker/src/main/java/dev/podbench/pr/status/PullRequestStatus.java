package dev.podbench.pr.status;

import dev.podbench.events.pullrequest.PullRequestState;

/**
 * What the Git host says about a pull request at one moment. Two reads are "the same" when these are equal.
 *
 * @param state open, closed or merged (a draft is {@code open} with {@code draft})
 */
public record PullRequestStatus(String title, PullRequestState state, boolean draft, String headBranch, String headSha,
        Mergeable mergeable, ChecksSummary checks, ReviewSummary review) {

    public boolean finished() {
        return state == PullRequestState.CLOSED || state == PullRequestState.MERGED;
    }

    /** The state as the v1 event contract spells it (a draft has its own value there). */
    public PullRequestState eventState() {
        return state == PullRequestState.OPEN && draft ? PullRequestState.DRAFT : state;
    }
}
