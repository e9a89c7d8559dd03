package dev.podbench.pr.hosts;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.smallrye.mutiny.Uni;

import dev.podbench.pr.status.PullRequestStatus;

/** The host clients as beans: one HTTP engine (lanes, cache) shared by every host. */
@ApplicationScoped
public class HostClients {

    private final GitHubClient gitHub;
    private final GitLabClient gitLab;

    public HostClients(HostHttp http, ObjectMapper mapper) {
        this.gitHub = new GitHubClient(mapper, http);
        this.gitLab = new GitLabClient(mapper, http);
    }

    public Uni<PullRequestStatus> read(ApiHost host, PullRequestRef ref) {
        return client(host).read(host, ref);
    }

    public Uni<List<String>> pullRequestsOf(ApiHost host, RepositoryRef repository, String branch) {
        return client(host).pullRequestsOf(host, repository, branch);
    }

    private HostClient client(ApiHost host) {
        return switch (host.provider()) {
            case GITHUB -> gitHub;
            case GITLAB -> gitLab;
        };
    }
}
