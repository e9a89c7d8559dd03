package dev.podbench.sessions;

/**
 * CDI event: the session ended or failed (a final snapshot, an end event, or a tombstone), so whatever a service
 * keeps open for it (terminals, the agent, chats) must close. May be fired more than once for one session.
 */
public record SessionFinished(String sessionId) {
}
