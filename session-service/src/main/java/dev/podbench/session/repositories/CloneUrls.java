package dev.podbench.session.repositories;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import dev.podbench.session.errors.InvalidInput;

/**
 * Which clone URLs git may be handed. A clone URL ends up as an argument of git in a pod, so anything git
 * would treat as an option, a remote helper ({@code ext::} runs arbitrary commands, {@code fd::} reads
 * file descriptors) or a path into the pod's own file system is refused up front.
 */
public final class CloneUrls {

    private static final int MAX_LENGTH = 2048;
    /** git's {@code <transport>::<address>} remote-helper syntax. */
    private static final Pattern REMOTE_HELPER = Pattern.compile("^[A-Za-z0-9+.-]*::");
    /** scp-like {@code user@host:path}: git reads it as ssh when no slash comes before the colon. */
    private static final Pattern SCP_LIKE = Pattern.compile("^([A-Za-z0-9._~-]+)@([A-Za-z0-9.-]+):([^/].*|/.+)$");
    private static final Pattern HOST = Pattern.compile("^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$|^\\[[0-9A-Fa-f:.]+]$");

    private CloneUrls() {
    }

    /**
     * Returns the URL (trimmed) if git may use it.
     *
     * @param allowLocal whether {@code file://} URLs and absolute paths are acceptable (only on the local runtime,
     *                   where the "pod" is this machine)
     * @throws InvalidInput 400 naming the rule that was broken
     */
    public static String validate(String raw, boolean allowLocal) {
        if (raw == null || raw.isBlank()) {
            throw invalid("the clone URL is required");
        }
        String url = raw.strip();
        if (url.length() > MAX_LENGTH) {
            throw invalid("the clone URL is longer than " + MAX_LENGTH + " characters");
        }
        if (url.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw invalid("the clone URL must not contain spaces or control characters");
        }
        if (url.startsWith("-")) {
            throw invalid("the clone URL must not start with '-'");
        }
        if (REMOTE_HELPER.matcher(url).find()) {
            throw invalid("remote-helper URLs (ext::, fd::, ...) are not allowed");
        }
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("https://")) {
            return network(url, false);
        }
        if (lower.startsWith("ssh://")) {
            return network(url, true);
        }
        if (lower.startsWith("file://")) {
            requireLocal(allowLocal);
            URI uri = parse(url);
            if (uri.getPath() == null || !uri.getPath().startsWith("/") || (uri.getHost() != null && !uri.getHost().isEmpty())) {
                throw invalid("a file:// URL must name an absolute path on this machine");
            }
            return url;
        }
        if (url.contains("://")) {
            throw invalid("this kind of URL is not supported: use https://, ssh:// or git@host:path"
                    + (allowLocal ? ", or file:///path for a repository on this machine" : ""));
        }
        var scp = SCP_LIKE.matcher(url);
        if (scp.matches()) {
            if (!HOST.matcher(scp.group(2)).matches()) {
                throw invalid("the clone URL's host is not valid");
            }
            if (scp.group(3).startsWith("-")) {
                throw invalid("the clone URL's path must not start with '-'");
            }
            return url;
        }
        if (url.startsWith("/")) {
            requireLocal(allowLocal);
            Path path = Path.of(url).normalize();
            if (!path.isAbsolute()) {
                throw invalid("a local clone URL must be an absolute path");
            }
            return path.toString();
        }
        throw invalid("this is not a clone URL: use https://, ssh:// or git@host:path"
                + (allowLocal ? ", or file:///path or an absolute path for a repository on this machine" : ""));
    }

    private static String network(String url, boolean userAllowed) {
        URI uri = parse(url);
        String host = uri.getHost();
        if (host == null || !HOST.matcher(host).matches()) {
            throw invalid("the clone URL's host is not valid");
        }
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            // Credentials in the URL would be stored, logged and published in events: use a credential helper instead.
            if (!userAllowed || userInfo.contains(":")) {
                throw invalid("the clone URL must not contain credentials (use a git credential helper instead)");
            }
            if (userInfo.startsWith("-")) {
                throw invalid("the clone URL's user name must not start with '-'");
            }
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty() || "/".equals(path)) {
            throw invalid("the clone URL names no repository (its path is empty)");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw invalid("the clone URL must not have a query (?…) or fragment (#…)");
        }
        return url;
    }

    private static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw invalid("the clone URL is not a valid URL");
        }
    }

    private static void requireLocal(boolean allowLocal) {
        if (!allowLocal) {
            throw invalid("file:// URLs and local paths work only when Podbench runs on this machine (the local runtime)");
        }
    }

    private static InvalidInput invalid(String message) {
        return new InvalidInput(message, Map.of("field", "cloneUrl"));
    }
}
