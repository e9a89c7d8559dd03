package dev.podbench.events.pullrequest;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.podbench.events.EventPayload;
import dev.podbench.events.Require;

/**
 * {@code dev.podbench.pull-request.updated.v1} on {@code podbench.pull-requests}: pr-tracker saw a change
 * in a tracked PR's state, CI checks or review decision. Carries the full current status, not a diff.
 *
 * @param sessionId the session the PR belongs to (required)
 * @param url       the PR's URL, as in {@code pull-request.detected.v1} (required)
 * @param title     the PR title
 * @param state     {@code open}, {@code draft}, {@code closed} or {@code merged} (required)
 * @param checks    combined CI status (required)
 * @param review    review decision (required)
 * @param updatedAt when pr-tracker observed this status (required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PullRequestUpdated(
        String sessionId,
        String url,
        String title,
        PullRequestState state,
        ChecksStatus checks,
        ReviewStatus review,
        Instant updatedAt) implements EventPayload {

    public PullRequestUpdated {
        Require.nonBlank(sessionId, "sessionId");
        Require.nonBlank(url, "url");
        Require.nonNull(state, "state");
        Require.nonNull(checks, "checks");
        Require.nonNull(review, "review");
        Require.nonNull(updatedAt, "updatedAt");
    }
}
