package dev.podbench.chat.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.podbench.events.pullrequest.GitProvider;

/** Finds pull/merge request web URLs in text (the agent's replies and tool output, e.g. of {@code gh pr create}). */
public final class PullRequestLinks {

    /** {@code https://host/owner/repo/pull/N} (GitHub and GitHub Enterprise). */
    private static final Pattern GITHUB = Pattern.compile(
            "https?://([A-Za-z0-9.-]+(?::\\d+)?)/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)/pull/(\\d+)(?![\\d])");
    /** {@code https://host/group/sub/repo/-/merge_requests/N} (GitLab). */
    private static final Pattern GITLAB = Pattern.compile(
            "https?://([A-Za-z0-9.-]+(?::\\d+)?)/((?:[A-Za-z0-9_.-]+/)*[A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)/-/merge_requests/(\\d+)(?![\\d])");

    public record Link(String url, GitProvider provider, String host, String namespace, String repository,
            long number) {
    }

    public static List<Link> find(String text) {
        if (text == null || text.indexOf("://") < 0) {
            return List.of();
        }
        Map<String, Link> found = new LinkedHashMap<>();
        collect(GITHUB, GitProvider.GITHUB, "/pull/", text, found);
        collect(GITLAB, GitProvider.GITLAB, "/-/merge_requests/", text, found);
        return new ArrayList<>(found.values());
    }

    private static void collect(Pattern pattern, GitProvider provider, String infix, String text,
            Map<String, Link> found) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            long number;
            try {
                number = Long.parseLong(m.group(4));
            } catch (NumberFormatException e) {
                continue;
            }
            if (number <= 0) {
                continue;
            }
            String host = m.group(1).toLowerCase(java.util.Locale.ROOT);
            // canonical form: https, no trailing path, so "…/pull/7/files" and "…/pull/7" are one PR
            String url = "https://" + host + "/" + m.group(2) + "/" + m.group(3) + infix + number;
            found.putIfAbsent(url, new Link(url, provider, host, m.group(2), m.group(3), number));
        }
    }

    private PullRequestLinks() {
    }
}
