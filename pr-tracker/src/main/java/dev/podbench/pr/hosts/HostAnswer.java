package dev.podbench.pr.hosts;

import java.util.Optional;

/**
 * A successful answer of a Git host.
 *
 * @param body     the JSON text (from the cache after a 304)
 * @param nextPage the URL of the next page of a list, if the host announced one
 */
public record HostAnswer(String body, Optional<String> nextPage) {
}
