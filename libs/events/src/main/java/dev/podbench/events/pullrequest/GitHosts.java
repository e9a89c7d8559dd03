package dev.podbench.events.pullrequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        List<GitHost> hosts = new ArrayList<>();
        add(hosts, "github", GitProvider.GITHUB, config.github().webUrl());
        add(hosts, "gitlab", GitProvider.GITLAB, config.gitlab().webUrl());
        for (Map.Entry<String, GitHostsConfig.Host> named : new TreeMap<>(config.hosts()).entrySet()) {
            GitProvider provider;
            try {
                provider = GitProvider.fromValue(named.getValue().provider().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("podbench.pr.hosts." + named.getKey()
                        + ".provider must be github or gitlab, got " + named.getValue().provider(), e);
            }
            add(hosts, named.getKey(), provider, named.getValue().webUrl());
        }
        return new GitHosts(hosts);
    }

    private static void add(List<GitHost> hosts, String name, GitProvider provider, String webUrl) {
        if (!NONE.equalsIgnoreCase(webUrl.trim())) {
            hosts.add(GitHost.of(name, provider, webUrl));
        }
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
