package dev.podbench.web.auth;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which page origins may open WebSockets: the configured dashboard origin(s), and the web-ui's own origin (the
 * {@code Origin}'s host:port equals the request's {@code Host}). A request without {@code Origin} is not a browser
 * page (a script with a bearer token) and passes.
 */
final class Origins {

    private final Set<String> allowed;

    Origins(List<String> allowed) {
        this.allowed = allowed.stream().map(Origins::normalize).filter(o -> !o.isEmpty()).collect(Collectors.toSet());
    }

    boolean permits(String origin, String host) {
        if (origin == null) {
            return true;
        }
        String normalized = normalize(origin);
        if (allowed.contains(normalized)) {
            return true;
        }
        try {
            URI uri = URI.create(normalized);
            String authority = uri.getRawAuthority();
            return host != null && authority != null && authority.equalsIgnoreCase(host);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String normalize(String origin) {
        String o = origin.trim().toLowerCase(Locale.ROOT);
        return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
    }
}
