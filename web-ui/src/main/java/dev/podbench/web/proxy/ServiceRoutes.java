package dev.podbench.web.proxy;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Which service owns an {@code /api} path (DESIGN.md, "Public HTTP API"). Paths the web-ui answers itself
 * ({@code /api/me}, {@code /api/sessions/{id}/updates}) and unknown ones have no upstream.
 */
public final class ServiceRoutes {

    private static final String ID = "[^/]+";
    private static final Pattern REPOSITORIES = Pattern.compile("/api/repositories(/" + ID + "(/branches)?)?/?");
    private static final Pattern SESSIONS = Pattern.compile("/api/sessions(/" + ID + "(/end|/worktree|/timeline)?)?/?");
    private static final Pattern TERMINAL = Pattern.compile("/api/sessions/" + ID + "/terminal(/connections)?/?");
    private static final Pattern CHAT = Pattern.compile("/api/sessions/" + ID + "/chat(/events(/" + ID + ")?)?/?");
    private static final Pattern PULL_REQUESTS = Pattern.compile("/api/sessions/" + ID + "/pull-requests(/.*)?");
    private static final Pattern ALL_PULL_REQUESTS = Pattern.compile("/api/pull-requests/?");
    private static final Pattern SESSION_COST = Pattern.compile("/api/sessions/" + ID + "/cost(/turns)?/?");
    private static final Pattern COSTS = Pattern.compile("/api/costs(/.*)?");
    private static final Pattern BUDGETS = Pattern.compile("/api/budgets(/.*)?");

    /** The owning service of {@code path} (no query string), if it is proxied. */
    public static Optional<Upstream> route(String path) {
        if (path == null || path.contains("/../") || path.endsWith("/..")) {
            return Optional.empty();
        }
        if (REPOSITORIES.matcher(path).matches() || SESSIONS.matcher(path).matches()) {
            return Optional.of(Upstream.SESSION_SERVICE);
        }
        if (TERMINAL.matcher(path).matches()) {
            return Optional.of(Upstream.TERMINAL_GATEWAY);
        }
        if (CHAT.matcher(path).matches()) {
            return Optional.of(Upstream.CHAT_GATEWAY);
        }
        if (PULL_REQUESTS.matcher(path).matches() || ALL_PULL_REQUESTS.matcher(path).matches()) {
            return Optional.of(Upstream.PR_TRACKER);
        }
        if (SESSION_COST.matcher(path).matches() || COSTS.matcher(path).matches()
                || BUDGETS.matcher(path).matches()) {
            return Optional.of(Upstream.COST_SERVICE);
        }
        return Optional.empty();
    }

    private ServiceRoutes() {
    }
}
