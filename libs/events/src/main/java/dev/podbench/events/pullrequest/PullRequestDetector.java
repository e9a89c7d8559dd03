package dev.podbench.events.pullrequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds pull (merge) request web URLs of the configured {@link GitHosts} in text: {@code …/owner/repo/pull/N}
 * on a GitHub host, {@code …/group/sub/project/-/merge_requests/N} on a GitLab host. Never takes git push's
 * "create one" hints ({@code …/pull/new/<branch>}, {@code …/-/merge_requests/new?…}) or a URL on another host.
 *
 * <p>Immutable and thread-safe: one per service. {@link #scanner(int)} gives the stateful scanner of one output
 * stream (escape sequences, URLs split across chunks, URLs seen before); {@link #find(CharSequence)} reads a
 * whole text.
 */
public final class PullRequestDetector {

    /** A URL candidate: scheme, host (a name or a bracketed IPv6 address), optional port, optional path. */
    private static final Pattern CANDIDATE = Pattern.compile(
            "(https?)://(\\[[0-9A-Fa-f:.]+]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::(\\d{1,5}))?"
                    + "([/?#][A-Za-z0-9._~%!$&*+,;=:@/?#-]*)?");
    private static final String URL_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._~%!$&*+,;=:@/?#-[]";
    private static final String SEGMENT = "[A-Za-z0-9_.-]+";
    private static final Pattern GITHUB_PATH = Pattern.compile(
            "/(" + SEGMENT + ")/(" + SEGMENT + ")/pull/(\\d{1,9})(?:[/?#].*)?");
    private static final Pattern GITLAB_PATH = Pattern.compile(
            "/((?:" + SEGMENT + "/)*" + SEGMENT + ")/(" + SEGMENT + ")/-/merge_requests/(\\d{1,9})(?:[/?#].*)?");
    /** Sentence punctuation that ends a URL in prose ("see https://…/pull/7."). */
    private static final String TRAILING = ".,;:!?*";

    /** Longer than any pull-request URL a Git host prints. */
    public static final int DEFAULT_TAIL = 512;

    private final GitHosts hosts;

    public PullRequestDetector(GitHosts hosts) {
        this.hosts = hosts;
    }

    public GitHosts hosts() {
        return hosts;
    }

    /** A scanner for one output stream, carrying at most {@value #DEFAULT_TAIL} characters between chunks. */
    public PullRequestScanner scanner() {
        return scanner(DEFAULT_TAIL);
    }

    /** A scanner for one output stream, carrying at most {@code maxTail} characters from one chunk to the next. */
    public PullRequestScanner scanner(int maxTail) {
        return new PullRequestScanner(this, maxTail);
    }

    /** The distinct pull-request links in a whole text (escape sequences removed first), in order of appearance. */
    public List<PullRequestLink> find(CharSequence text) {
        if (text == null || text.length() == 0) {
            return List.of();
        }
        TerminalTextFilter filter = new TerminalTextFilter();
        StringBuilder plain = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            int c = filter.step(text.charAt(i));
            if (c != TerminalTextFilter.NOTHING) {
                plain.append((char) c);
            }
        }
        Map<String, PullRequestLink> found = new LinkedHashMap<>();
        collect(plain, 0, true, link -> found.putIfAbsent(link.url(), link));
        return new ArrayList<>(found.values());
    }

    /**
     * Reports every link in {@code text} from {@code from} on. Unless the text is {@code complete}, a URL that
     * reaches its end may go on in the next chunk: it is not reported, and its start is returned so the caller
     * keeps it; otherwise the result is the text's length.
     */
    int collect(CharSequence text, int from, boolean complete, Consumer<PullRequestLink> sink) {
        Matcher m = CANDIDATE.matcher(text);
        m.region(from, text.length());
        while (m.find()) {
            if (!complete && urlCharsUpToEnd(text, m.end())) {
                return m.start();
            }
            PullRequestLink link = link(m);
            if (link != null) {
                sink.accept(link);
            }
        }
        return text.length();
    }

    /** Whether the candidate may go on: nothing but URL characters follow it (e.g. {@code https://github.}). */
    private static boolean urlCharsUpToEnd(CharSequence text, int from) {
        for (int i = from; i < text.length(); i++) {
            if (URL_CHARS.indexOf(text.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private PullRequestLink link(Matcher m) {
        String path = m.group(4);
        if (path == null) {
            return null;
        }
        int end = path.length();
        while (end > 0 && TRAILING.indexOf(path.charAt(end - 1)) >= 0) {
            end--;
        }
        path = path.substring(0, end);
        String scheme = m.group(1);
        int port = m.group(3) == null ? -1 : Integer.parseInt(m.group(3));
        GitHost host = hosts.serving(scheme, GitHost.authority(scheme, m.group(2), port), path);
        if (host == null) {
            return null;
        }
        String rest = path.substring(host.pathPrefix().length());
        boolean github = host.provider() == GitProvider.GITHUB;
        Matcher parts = (github ? GITHUB_PATH : GITLAB_PATH).matcher(rest);
        if (!parts.matches()) {
            return null;
        }
        long number = Long.parseLong(parts.group(3));
        if (number <= 0) {
            return null;
        }
        String url = host.webUrl() + "/" + parts.group(1) + "/" + parts.group(2)
                + (github ? "/pull/" : "/-/merge_requests/") + number;
        return new PullRequestLink(url, host.provider(), host.authority(), parts.group(1), parts.group(2), number);
    }
}
