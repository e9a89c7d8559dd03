package dev.podbench.events.pullrequest;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import dev.podbench.events.Require;

/**
 * A Git host whose pull (merge) request URLs Podbench recognises, from its web URL: {@code https://github.com},
 * a GitHub Enterprise server, {@code https://gitlab.com} or a self-managed GitLab (possibly under a path, e.g.
 * {@code https://example.com/gitlab}). Plain {@code http} only on loopback (tests, local mirrors).
 *
 * @param name       the configuration name ({@code github}, {@code gitlab}, or a {@code podbench.pr.hosts} key)
 * @param provider   what the host runs
 * @param scheme     {@code https}, or {@code http} on loopback
 * @param authority  the lowercase host, with its port unless it is the scheme's default ({@code git.corp:8443})
 * @param pathPrefix the path the host is served under, without a trailing slash ({@code ""} mostly)
 */
public record GitHost(String name, GitProvider provider, String scheme, String authority, String pathPrefix) {

    public GitHost {
        Require.nonBlank(name, "name");
        Require.nonNull(provider, "provider");
        Require.nonBlank(authority, "authority");
        Require.nonNull(pathPrefix, "pathPrefix");
        if (!"https".equals(scheme) && !"http".equals(scheme)) {
            throw new IllegalArgumentException("Git host " + name + ": scheme must be https, got " + scheme);
        }
        if ("http".equals(scheme) && !isLoopback(hostOf(authority))) {
            throw new IllegalArgumentException("Git host " + name + ": plain http only on loopback, got " + authority);
        }
    }

    /** The host of a web URL such as {@code https://github.com} or {@code http://127.0.0.1:8089/gitlab/}. */
    public static GitHost of(String name, GitProvider provider, String webUrl) {
        URI uri;
        try {
            uri = new URI(webUrl.trim());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalArgumentException("Git host " + name + ": not a URL: " + webUrl, e);
        }
        if (uri.getScheme() == null || uri.getHost() == null) {
            throw new IllegalArgumentException("Git host " + name + ": not an absolute http(s) URL: " + webUrl);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return new GitHost(name, provider, scheme, authority(scheme, uri.getHost(), uri.getPort()), path);
    }

    /** {@code host} or {@code host:port}, lowercase, without the scheme's default port. */
    public static String authority(String scheme, String host, int port) {
        String lower = host.toLowerCase(Locale.ROOT);
        boolean defaultPort = port < 0 || ("https".equals(scheme) && port == 443) || ("http".equals(scheme) && port == 80);
        return defaultPort ? lower : lower + ":" + port;
    }

    /** The web URL in its canonical form: {@code scheme://authority/prefix}. */
    public String webUrl() {
        return scheme + "://" + authority + pathPrefix;
    }

    private static String hostOf(String authority) {
        if (authority.startsWith("[")) {
            int end = authority.indexOf(']');
            return end < 0 ? authority : authority.substring(0, end + 1);
        }
        int colon = authority.indexOf(':');
        return colon < 0 ? authority : authority.substring(0, colon);
    }

    private static boolean isLoopback(String host) {
        return "localhost".equals(host) || host.startsWith("127.") || "[::1]".equals(host);
    }
}
