package dev.podbench.terminal.session;

/** CDI event: the session ended or failed, so every terminal of it must close. */
public record SessionFinished(String sessionId) {
}
