package dev.podbench.pr.hosts;

import java.util.List;

import io.smallrye.mutiny.Uni;

import dev.podbench.pr.status.PullRequestStatus;

/** Reads one kind of Git host: a pull request's status, a branch's pull requests; fails with {@link HostFailure}. */
public interface HostClient {

    Uni<PullRequestStatus> read(ApiHost host, PullRequestRef ref);

    /** The web URLs of every pull request (open or not) whose source is {@code branch} of {@code repository}. */
    Uni<List<String>> pullRequestsOf(ApiHost host, RepositoryRef repository, String branch);
}
