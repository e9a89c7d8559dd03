package dev.podbench.pr.hosts;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.runtime.Startup;

import dev.podbench.events.pullrequest.ConfiguredGitHost;
import dev.podbench.events.pullrequest.GitHostsConfig;

/** The configured Git hosts, checked at start: a misconfigured host stops the service with a clear message. */
@ApplicationScoped
@Startup
public class GitHosts {

    private final List<GitHost> hosts;

    @Inject
    public GitHosts(GitHostsConfig config) {
        this.hosts = ConfiguredGitHost.all(config).stream().map(GitHost::of).toList();
    }

    public GitHosts(List<GitHost> hosts) {
        this.hosts = List.copyOf(hosts);
    }

    /** The host whose web pages include {@code pullRequestUrl}; the longest base wins (GitLab under a path). */
    public Optional<GitHost> forUrl(String pullRequestUrl) {
        return hosts.stream().filter(h -> h.serves(pullRequestUrl))
                .max((a, b) -> Integer.compare(a.webUrl().toString().length(), b.webUrl().toString().length()));
    }

    public List<GitHost> all() {
        return hosts;
    }
}
