package dev.podbench.pr.discovery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.podbench.pr.hosts.ApiHost;
import dev.podbench.pr.hosts.RepositoryRef;

/**
 * Which configured Git host serves a session's repository, and under which name, read from its clone URL:
 * {@code https://host[:port]/[prefix/]ns/name[.git]} (the host's web URL), {@code ssh://[user@]host[:port]/ns/name.git}
 * or {@code user@host:ns/name.git} (the same host name; ssh has its own port and no web prefix). A local path, or a
 * host nobody configured, serves nothing.
 */
public final class RepositoryLocator {

    private static final Pattern SCP_LIKE = Pattern.compile("^[A-Za-z0-9._~-]+@([A-Za-z0-9.-]+):(?!/)(.+)$");

    /** A repository on a configured host. */
    public record Located(ApiHost host, RepositoryRef repository) {
    }

    private RepositoryLocator() {
    }

    public static Optional<Located> locate(String cloneUrl, List<ApiHost> hosts) {
        if (cloneUrl == null || cloneUrl.isBlank()) {
            return Optional.empty();
        }
        String url = cloneUrl.strip();
        Matcher scp = SCP_LIKE.matcher(url);
        if (scp.matches()) {
            return overSsh(scp.group(1), "/" + scp.group(2), hosts);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getRawPath() == null) {
            return Optional.empty();
        }
        if (scheme.equals("ssh")) {
            return overSsh(uri.getHost(), uri.getRawPath(), hosts);
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return Optional.empty();
        }
        // the web URL's scheme, host, port and path prefix: the longest prefix wins (a GitLab under a path)
        return hosts.stream()
                .filter(h -> h.webUrl().getScheme().equalsIgnoreCase(scheme)
                        && h.webUrl().getHost().equalsIgnoreCase(uri.getHost())
                        && port(h.webUrl()) == port(uri)
                        && uri.getRawPath().startsWith(prefix(h) + "/"))
                .max(Comparator.comparingInt(h -> prefix(h).length()))
                .flatMap(h -> repository(uri.getRawPath().substring(prefix(h).length())).map(r -> new Located(h, r)));
    }

    private static Optional<Located> overSsh(String hostName, String path, List<ApiHost> hosts) {
        return hosts.stream().filter(h -> h.webUrl().getHost().equalsIgnoreCase(hostName)).findFirst()
                .flatMap(h -> repository(path).map(r -> new Located(h, r)));
    }

    /** {@code /ns[/sub]/name[.git][/]}: the namespace is every segment but the last. */
    static Optional<RepositoryRef> repository(String path) {
        String trimmed = path.replaceAll("^/+", "").replaceAll("/+$", "");
        if (trimmed.endsWith(".git")) {
            trimmed = trimmed.substring(0, trimmed.length() - 4);
        }
        int slash = trimmed.lastIndexOf('/');
        if (slash <= 0 || slash == trimmed.length() - 1 || trimmed.contains("//") || trimmed.contains("..")) {
            return Optional.empty();
        }
        return Optional.of(new RepositoryRef(trimmed.substring(0, slash), trimmed.substring(slash + 1)));
    }

    private static String prefix(ApiHost host) {
        String path = host.webUrl().getRawPath();
        return path == null ? "" : path;
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
    }
}
