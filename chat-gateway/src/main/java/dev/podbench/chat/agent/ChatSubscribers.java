package dev.podbench.chat.agent;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/** The chat connections of one session. */
public final class ChatSubscribers {

    private final Set<ChatSubscriber> subscribers = new CopyOnWriteArraySet<>();

    void add(ChatSubscriber subscriber) {
        subscribers.add(subscriber);
    }

    void remove(ChatSubscriber subscriber) {
        subscribers.remove(subscriber);
    }

    boolean isEmpty() {
        return subscribers.isEmpty();
    }

    void eventsAvailable() {
        subscribers.forEach(ChatSubscriber::eventsAvailable);
    }

    void statusChanged(AgentStatus status) {
        subscribers.forEach(s -> s.statusChanged(status));
    }

    /** The session is over: every chat closes, and none is left. */
    void sessionEnded() {
        subscribers.forEach(ChatSubscriber::sessionEnded);
        subscribers.clear();
    }
}
