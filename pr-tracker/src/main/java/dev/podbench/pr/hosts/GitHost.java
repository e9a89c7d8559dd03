package dev.podbench.pr.hosts;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import dev.podbench.events.pullrequest.GitProvider;

/**
 * One configured Git host, validated: https, or plain http on loopback only; no credentials in its URLs.
 *
 * @param name    its configuration name
 * @param webUrl  browser base, no trailing slash
 * @param apiUrl  REST base, no trailing slash
 */
public record GitHost(String name, GitProvider provider, URI webUrl, URI apiUrl, Optional<HostToken> token) {

    public GitHost {
        webUrl = checked(name, "web-url", webUrl);
        apiUrl = checked(name, "api-url", apiUrl);
    }

    /** Whether {@code pullRequestUrl} is a page of this host. */
    public boolean serves(String pullRequestUrl) {
        String prefix = webUrl.toString().toLowerCase(Locale.ROOT) + "/";
        return pullRequestUrl.toLowerCase(Locale.ROOT).startsWith(prefix);
    }

    /** Requests without a token share one lane per API origin. */
    public String laneKey() {
        return token.map(HostToken::fingerprint).orElse("anonymous@" + apiUrl.getScheme() + "://" + apiUrl.getAuthority());
    }

    public String api(String path) {
        return apiUrl + path;
    }

    @Override
    public String toString() {
        return "GitHost[" + name + " " + provider.value() + " " + apiUrl + (token.isPresent() ? " with token" : "") + "]";
    }

    private static URI checked(String name, String key, URI url) {
        if (url == null || url.getHost() == null) {
            throw new IllegalArgumentException("podbench.pr.hosts." + name + "." + key + " must be an absolute URL");
        }
        if (url.getUserInfo() != null || url.getQuery() != null || url.getFragment() != null) {
            throw new IllegalArgumentException("podbench.pr.hosts." + name + "." + key
                    + " must be a plain base URL (a token belongs in podbench.pr.hosts." + name + ".token)");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(url.getHost()))) {
            throw new IllegalArgumentException("podbench.pr.hosts." + name + "." + key + " " + url
                    + ": https is required (plain http only on loopback)");
        }
        String text = url.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1") || h.matches("127(\\.\\d{1,3}){3}");
    }
}
