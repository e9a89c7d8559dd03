package dev.podbench.events;

import java.util.List;

/** The Kafka topics of the event contract (DESIGN.md). Keys are always the session id. */
public final class Topics {

    /** Compacted: the latest {@code session.snapshot.v1} per session. */
    public static final String SESSIONS = "podbench.sessions";
    public static final String SESSION_EVENTS = "podbench.session-events";
    public static final String USAGE = "podbench.usage";
    public static final String PULL_REQUESTS = "podbench.pull-requests";
    public static final String COSTS = "podbench.costs";

    /** A topic and whether Kafka should compact it (keep the latest record per key). */
    public record TopicDefinition(String name, boolean compacted) {
    }

    public static List<TopicDefinition> all() {
        return List.of(
                new TopicDefinition(SESSIONS, true),
                new TopicDefinition(SESSION_EVENTS, false),
                new TopicDefinition(USAGE, false),
                new TopicDefinition(PULL_REQUESTS, false),
                new TopicDefinition(COSTS, false));
    }

    private Topics() {
    }
}
