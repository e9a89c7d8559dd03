package dev.podbench.chat.agent;

/** A chat connection as the supervisor sees it. Calls must not block. */
public interface ChatSubscriber {

    /** New transcript events exist; the subscriber pulls what it has not sent yet. */
    void eventsAvailable();

    void statusChanged(AgentStatus status);

    /** The session ended: close with 4000. */
    void sessionEnded();
}
