package dev.podbench.terminal.events;

import dev.podbench.events.pullrequest.GitProvider;

/** A pull (merge) request URL found in output, already split into the parts the event carries. */
public record PullRequestUrl(String url, GitProvider provider, String host, String namespace, String repository,
        long number) {
}
