package dev.podbench.events.pullrequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One Git host as configured ({@link GitHostsConfig}), before a service makes what it needs of it: the gateways a
 * {@link GitHost} for detection, pr-tracker an API client.
 *
 * @param name   {@code github}, {@code gitlab}, or a {@code podbench.pr.hosts} key
 * @param key    its configuration prefix ({@code podbench.pr.github}, {@code podbench.pr.hosts.<name>}), for messages
 * @param apiUrl empty for a named host configured for detection only
 * @param token  never shown by {@link #toString()}
 */
public record ConfiguredGitHost(String name, String key, GitProvider provider, String webUrl, Optional<String> apiUrl,
        Optional<String> token) {

    /** GitHub, GitLab (each unless its web URL is {@code none}), then the named hosts in name order. */
    public static List<ConfiguredGitHost> all(GitHostsConfig config) {
        List<ConfiguredGitHost> hosts = new ArrayList<>();
        add(hosts, new ConfiguredGitHost("github", "podbench.pr.github", GitProvider.GITHUB, config.github().webUrl(),
                Optional.of(config.github().apiUrl()), config.github().token()));
        add(hosts, new ConfiguredGitHost("gitlab", "podbench.pr.gitlab", GitProvider.GITLAB, config.gitlab().webUrl(),
                Optional.of(config.gitlab().apiUrl()), config.gitlab().token()));
        for (Map.Entry<String, GitHostsConfig.Host> named : new TreeMap<>(config.hosts()).entrySet()) {
            String key = "podbench.pr.hosts." + named.getKey();
            GitHostsConfig.Host host = named.getValue();
            GitProvider provider;
            try {
                provider = GitProvider.fromValue(host.provider().trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ".provider must be github or gitlab, got " + host.provider(), e);
            }
            add(hosts, new ConfiguredGitHost(named.getKey(), key, provider, host.webUrl(), host.apiUrl(), host.token()));
        }
        return hosts;
    }

    private static void add(List<ConfiguredGitHost> hosts, ConfiguredGitHost host) {
        if (!GitHosts.NONE.equalsIgnoreCase(host.webUrl().trim())) {
            hosts.add(host);
        }
    }

    @Override
    public String toString() {
        return "ConfiguredGitHost[" + name + " " + provider.value() + " " + webUrl
                + (token.isPresent() ? " with token" : "") + "]";
    }
}
