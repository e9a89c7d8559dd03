package dev.podbench.chat.session;

/** CDI event: the session ended or failed, so its agent stops and its chats close with 4000. */
public record SessionFinished(String sessionId) {
}
