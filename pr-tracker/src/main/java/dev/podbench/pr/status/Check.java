package dev.podbench.pr.status;

import java.time.Instant;

/**
 * One CI signal on a commit, from a check run, a commit status or a GitLab job, already put in its bucket.
 *
 * @param startedAt when it started (null if unknown): the latest run of a name wins
 * @param order     the host's id, to break ties between runs started at the same moment
 */
public record Check(String name, CheckBucket bucket, String url, Instant startedAt, long order) {
}
