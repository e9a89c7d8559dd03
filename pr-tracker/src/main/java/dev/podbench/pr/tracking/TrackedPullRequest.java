package dev.podbench.pr.tracking;

import java.time.Instant;

import dev.podbench.events.pullrequest.GitProvider;
import dev.podbench.pr.hosts.PullRequestRef;
import dev.podbench.pr.status.PullRequestStatus;

/**
 * A stored pull request: where it was found, the host's last answer ({@code status}, null until the first read)
 * and how fresh that is. {@code trackedAt} is this service's own time of the first detection (the poll policy runs on
 * its clock; {@code detectedAt} is the gateway's).
 */
public record TrackedPullRequest(
        long id,
        String sessionId,
        String host,
        String repository,
        long number,
        String url,
        GitProvider provider,
        PullRequestRef ref,
        Instant detectedAt,
        Instant trackedAt,
        PullRequestStatus status,
        Instant checkedAt,
        Instant changedAt,
        Instant staleSince,
        String staleReason,
        int failures,
        Instant nextPollAt,
        Instant sessionEndedAt) {
}
