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
    /**
     * Records of {@code podbench.usage} that are not valid events, kept as they came (same key and value) for
     * inspection and replay; headers say why and where from. Not CloudEvents of the contract.
     */
    public static final String USAGE_DEAD_LETTER = "podbench.usage.dead-letter";
    /** Records of {@code podbench.pull-requests} that pr-tracker could not read, kept as they came (like the above). */
    public static final String PULL_REQUESTS_DEAD_LETTER = "podbench.pull-requests.dead-letter";

    /** A topic and whether Kafka should compact it (keep the latest record per key). */
    public record TopicDefinition(String name, boolean compacted) {
    }

    /** The dead-letter topics: they hold rejected records as they came, never events of the contract. */
    public static List<TopicDefinition> deadLetters() {
        return List.of(new TopicDefinition(USAGE_DEAD_LETTER, false),
                new TopicDefinition(PULL_REQUESTS_DEAD_LETTER, false));
    }

    /** Every topic of the contract: the event topics and the dead-letter topics. */
    public static List<TopicDefinition> all() {
        return List.of(
                new TopicDefinition(SESSIONS, true),
                new TopicDefinition(SESSION_EVENTS, false),
                new TopicDefinition(USAGE, false),
                new TopicDefinition(PULL_REQUESTS, false),
                new TopicDefinition(COSTS, false),
                new TopicDefinition(USAGE_DEAD_LETTER, false),
                new TopicDefinition(PULL_REQUESTS_DEAD_LETTER, false));
    }

    private Topics() {
    }
}
