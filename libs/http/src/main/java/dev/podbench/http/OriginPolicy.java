package dev.podbench.http;

import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which browser pages may open a WebSocket (a page of another origin would send the dashboard's cookie along:
 * cross-site WebSocket hijacking). Origins compare as {@code scheme://host[:port]} in lower case with the default
 * port (80 for http, 443 for https) dropped, so {@code HTTP://LOCALHOST:80/} and {@code http://localhost} are one
 * origin. A request without {@code Origin} is not a browser page (a script or proxy holding a bearer token) and
 * passes: the token decides for it.
 */
public final class OriginPolicy {

    private final Set<String> allowed;

    public OriginPolicy(Collection<String> allowed) {
        this.allowed = allowed.stream().map(OriginPolicy::normalize).filter(o -> !o.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether a page of {@code origin} (the header's value, {@code null} when absent) may connect. */
    public boolean permits(String origin) {
        return origin == null || allowed.contains(normalize(origin));
    }

    /**
     * As {@link #permits(String)}, and also a page of the server's own origin: the {@code Origin}'s host and port
     * are those of the request's {@code Host}.
     */
    public boolean permits(String origin, String host) {
        if (permits(origin)) {
            return true;
        }
        if (host == null || host.isBlank()) {
            return false;
        }
        String normalized = normalize(origin);
        int schemeEnd = normalized.indexOf("://");
        return schemeEnd > 0 && normalized.equals(normalize(normalized.substring(0, schemeEnd) + "://" + host.trim()));
    }

    /** {@code scheme://host[:port]}, lower case, default port dropped; a value that is no URL only trimmed. */
    public static String normalize(String origin) {
        String value = origin.trim().toLowerCase(Locale.ROOT);
        try {
            URI uri = new URI(value);
            if (uri.getScheme() != null && uri.getHost() != null) {
                int port = uri.getPort();
                boolean defaultPort = port == -1 || ("http".equals(uri.getScheme()) && port == 80)
                        || ("https".equals(uri.getScheme()) && port == 443);
                return uri.getScheme() + "://" + uri.getHost() + (defaultPort ? "" : ":" + port);
            }
        } catch (java.net.URISyntaxException e) {
            // not a URL (e.g. the "null" origin of a sandboxed page): compared as given
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }
}
