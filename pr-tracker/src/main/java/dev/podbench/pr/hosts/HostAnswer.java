package dev.podbench.pr.hosts;

import java.util.Optional;

/**
 * A successful answer of a Git host.
 *
 * @param body       the JSON text (from the cache when {@code notModified})
 * @param nextPage   the URL of the next page of a list, if the host announced one
 * @param notModified a 304: the host's answer was unchanged and cost nothing against the rate limit
 */
public record HostAnswer(String body, Optional<String> nextPage, boolean notModified) {
}
