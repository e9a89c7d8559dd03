package dev.podbench.pr.hosts;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

import dev.podbench.events.pullrequest.ConfiguredGitHost;
import dev.podbench.events.pullrequest.GitProvider;

/**
 * The API side of one configured Git host (its REST base and token), validated: https, or plain http on loopback only; no credentials in its URLs.
 *
 * @param name    its configuration name
 * @param webUrl  browser base, no trailing slash
 * @param apiUrl  REST base, no trailing slash
 */
public record ApiHost(String name, GitProvider provider, URI webUrl, URI apiUrl, Optional<HostToken> token) {

    public ApiHost {
        webUrl = checked(name, "web-url", webUrl);
        apiUrl = checked(name, "api-url", apiUrl);
    }

    /** A configured host; pr-tracker asks its API, so a named host needs an {@code api-url}. */
    public static ApiHost of(ConfiguredGitHost configured) {
        String key = configured.key();
        String apiUrl = configured.apiUrl().orElseThrow(() -> new IllegalArgumentException(key
                + ".api-url is required (pr-tracker asks the host's API)"));
        return new ApiHost(configured.name(), configured.provider(), uri(key + ".web-url", configured.webUrl()),
                uri(key + ".api-url", apiUrl), configured.token().filter(t -> !t.isBlank()).map(HostToken::of));
    }

    private static URI uri(String key, String value) {
        try {
            return new URI(value.trim());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(key + " is not a URL");
        }
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
        return "ApiHost[" + name + " " + provider.value() + " " + apiUrl + (token.isPresent() ? " with token" : "") + "]";
    }

    private static URI checked(String name, String key, URI url) {
        if (url == null || url.getHost() == null) {
            throw new IllegalArgumentException(configKey(name) + "." + key + " must be an absolute URL");
        }
        if (url.getUserInfo() != null || url.getQuery() != null || url.getFragment() != null) {
            throw new IllegalArgumentException(configKey(name) + "." + key
                    + " must be a plain base URL (a token belongs in " + configKey(name) + ".token)");
        }
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(url.getHost()))) {
            throw new IllegalArgumentException(configKey(name) + "." + key + " " + url
                    + ": https is required (plain http only on loopback)");
        }
        String text = url.toString();
        return URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
    }

    /** Where the host is configured: {@code podbench.pr.github|gitlab}, else {@code podbench.pr.hosts.<name>}. */
    private static String configKey(String name) {
        return name.equals("github") || name.equals("gitlab") ? "podbench.pr." + name : "podbench.pr.hosts." + name;
    }

    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.equals("[::1]") || h.equals("::1") || h.matches("127(\\.\\d{1,3}){3}");
    }
}
