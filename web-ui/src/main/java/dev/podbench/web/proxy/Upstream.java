package dev.podbench.web.proxy;

/** The services behind {@code /api/**}. */
public enum Upstream {
    SESSION_SERVICE, TERMINAL_GATEWAY, CHAT_GATEWAY, PR_TRACKER, COST_SERVICE
}
