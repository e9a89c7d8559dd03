package dev.podbench.events.pullrequest;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import dev.podbench.events.EventPayload;
import dev.podbench.events.Require;
import dev.podbench.events.Surface;

/**
 * {@code dev.podbench.pull-request.detected.v1} on {@code podbench.pull-requests}: a pull (merge) request
 * URL appeared in a session's terminal output or chat. The same PR may be detected many times; consumers
 * dedupe on ({@code sessionId}, {@code url}).
 *
 * @param sessionId  the session it appeared in (required)
 * @param url        the canonical web URL of the PR, e.g. {@code https://github.com/acme/app/pull/42} (required)
 * @param provider   {@code github} or {@code gitlab} (required)
 * @param host       the Git host, e.g. {@code github.com} (required)
 * @param namespace  the GitHub owner, or the GitLab group path (may contain {@code /}) (required)
 * @param repository the repository name within the namespace (required)
 * @param number     the PR number (GitLab: the merge request IID) (required)
 * @param source     where it was seen (required)
 * @param detectedAt when (required)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PullRequestDetected(
        String sessionId,
        String url,
        GitProvider provider,
        String host,
        String namespace,
        String repository,
        long number,
        Surface source,
        Instant detectedAt) implements EventPayload {

    public PullRequestDetected {
        Require.nonBlank(sessionId, "sessionId");
        Require.nonBlank(url, "url");
        Require.nonNull(provider, "provider");
        Require.nonNull(host, "host");
        Require.nonNull(namespace, "namespace");
        Require.nonNull(repository, "repository");
        if (number <= 0) {
            throw new IllegalArgumentException("number must be positive: " + number);
        }
        Require.nonNull(source, "source");
        Require.nonNull(detectedAt, "detectedAt");
    }
}
