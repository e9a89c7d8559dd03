package dev.podbench.pr.hosts;

import io.smallrye.mutiny.Uni;

import dev.podbench.pr.status.PullRequestStatus;

/** Reads one pull request's status from one kind of Git host; fails with {@link HostFailure}. */
public interface HostClient {

    Uni<PullRequestStatus> read(ApiHost host, PullRequestRef ref);
}
