package dev.podbench.terminal.events;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.podbench.events.pullrequest.GitProvider;

/**
 * Finds pull-request URLs in one terminal's output stream. Stateful: escape sequences and URLs may be split
 * across frames, so the tail that could still be the start of a URL is carried over to the next frame. A match
 * that reaches the end of the text is not reported yet either (the number might continue in the next frame).
 */
public final class PullRequestScanner {

    private static final String HOST = "[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\\d{1,5})?";
    private static final String SEGMENT = "[A-Za-z0-9_.-]+";
    /** GitHub and GitHub Enterprise: {@code https://host/owner/repo/pull/N}. */
    private static final Pattern GITHUB = Pattern.compile(
            "https?://(" + HOST + ")/(" + SEGMENT + ")/(" + SEGMENT + ")/pull/(\\d{1,9})(?![\\d\\w-])");
    /** GitLab (any host): {@code https://host/group/sub/project/-/merge_requests/N}. */
    private static final Pattern GITLAB = Pattern.compile(
            "https?://(" + HOST + ")/((?:" + SEGMENT + "/)*" + SEGMENT + ")/(" + SEGMENT
                    + ")/-/merge_requests/(\\d{1,9})(?![\\d\\w-])");
    /** Where a URL might start in the carried-over tail. */
    private static final Pattern URL_START = Pattern.compile("h(?:t(?:t(?:p(?:s?(?::(?:/(?:/\\S*)?)?)?)?)?)?)?$|https?://\\S*$");

    private final AnsiStripper stripper = new AnsiStripper();
    private final int maxCarry;
    private String carry = "";

    public PullRequestScanner(int maxCarry) {
        this.maxCarry = maxCarry;
    }

    public List<PullRequestUrl> scan(byte[] output) {
        return scan(output, 0, output.length);
    }

    public List<PullRequestUrl> scan(byte[] output, int offset, int length) {
        String text = carry + stripper.strip(output, offset, length);
        List<PullRequestUrl> found = new ArrayList<>(0);
        int safeEnd = text.length();
        safeEnd = Math.min(safeEnd, collect(GITHUB, GitProvider.GITHUB, text, found));
        safeEnd = Math.min(safeEnd, collect(GITLAB, GitProvider.GITLAB, text, found));
        Matcher start = URL_START.matcher(text);
        int carryFrom = start.find(Math.max(0, Math.min(safeEnd, text.length() - maxCarry)))
                ? Math.min(start.start(), safeEnd) : safeEnd;
        carry = text.substring(Math.max(carryFrom, text.length() - maxCarry));
        return found;
    }

    /** Adds complete matches; returns where an incomplete one (touching the end) starts, or the text length. */
    private static int collect(Pattern pattern, GitProvider provider, String text, List<PullRequestUrl> found) {
        Matcher m = pattern.matcher(text);
        int incomplete = text.length();
        while (m.find()) {
            if (m.end() == text.length()) {
                incomplete = m.start();
                break;
            }
            found.add(new PullRequestUrl(m.group(0), provider, m.group(1), m.group(2), m.group(3),
                    Long.parseLong(m.group(4))));
        }
        return incomplete;
    }
}
