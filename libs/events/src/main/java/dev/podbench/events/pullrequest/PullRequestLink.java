package dev.podbench.events.pullrequest;

import java.time.Instant;

import dev.podbench.events.Surface;

/**
 * A pull (merge) request URL found in output, in canonical form (the host's configured web URL, no trailing
 * path: {@code …/pull/7/files} is {@code …/pull/7}), split into the parts {@link PullRequestDetected} carries.
 *
 * @param host the host's authority, e.g. {@code github.com} or {@code git.corp.example:8443}
 */
public record PullRequestLink(String url, GitProvider provider, String host, String namespace, String repository,
        long number) {

    /** The {@code pull-request.detected} payload announcing this link. */
    public PullRequestDetected detected(String sessionId, Surface source, Instant detectedAt) {
        return new PullRequestDetected(sessionId, url, provider, host, namespace, repository, number, source,
                detectedAt);
    }
}
