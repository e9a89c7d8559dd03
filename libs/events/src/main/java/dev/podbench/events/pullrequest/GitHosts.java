package dev.podbench.events.pullrequest;

import java.util.List;

/** The Git hosts pull-request detection knows; a URL on any other host is never taken for a pull request. */
public final class GitHosts {

    /** The value of a web URL that switches a built-in host off. */
    public static final String NONE = "none";

    private final List<GitHost> hosts;

    private GitHosts(List<GitHost> hosts) {
        this.hosts = List.copyOf(hosts);
    }

    public static GitHosts of(GitHost... hosts) {
        return new GitHosts(List.of(hosts));
    }

    /** The configured hosts: GitHub, GitLab (unless {@code none}), then the named ones in name order. */
    public static GitHosts from(GitHostsConfig config) {
        return new GitHosts(ConfiguredGitHost.all(config).stream()
                .map(host -> GitHost.of(host.name(), host.provider(), host.webUrl())).toList());
    }

    public List<GitHost> all() {
        return hosts;
    }

    /** The host serving {@code path} at {@code scheme://authority}, the longest path prefix first; or null. */
    GitHost serving(String scheme, String authority, String path) {
        GitHost best = null;
        for (GitHost host : hosts) {
            if (host.scheme().equals(scheme) && host.authority().equals(authority)
                    && (host.pathPrefix().isEmpty() || path.startsWith(host.pathPrefix() + "/"))
                    && (best == null || host.pathPrefix().length() > best.pathPrefix().length())) {
                best = host;
            }
        }
        return best;
    }
}
