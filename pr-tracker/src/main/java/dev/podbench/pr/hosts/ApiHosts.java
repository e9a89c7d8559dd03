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
public class ApiHosts {

    private final List<ApiHost> hosts;

    @Inject
    public ApiHosts(GitHostsConfig config) {
        this.hosts = ConfiguredGitHost.all(config).stream().map(ApiHost::of).toList();
    }

    public ApiHosts(List<ApiHost> hosts) {
        this.hosts = List.copyOf(hosts);
    }

    /** The host whose web pages include {@code pullRequestUrl}; the longest base wins (GitLab under a path). */
    public Optional<ApiHost> forUrl(String pullRequestUrl) {
        return hosts.stream().filter(h -> h.serves(pullRequestUrl))
                .max((a, b) -> Integer.compare(a.webUrl().toString().length(), b.webUrl().toString().length()));
    }

    public List<ApiHost> all() {
        return hosts;
    }
}
