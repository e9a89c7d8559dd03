package dev.podbench.testkit;

import java.time.Instant;
import java.util.UUID;

import dev.podbench.events.CloudEvent;
import dev.podbench.events.EventJson;
import dev.podbench.events.EventType;
import dev.podbench.events.Topics;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;

/**
 * Sessions as session-service announces them on the compacted {@code podbench.sessions} topic, for services whose
 * owner checks read the shared session directory (libs/sessions) and need no worktree.
 */
public final class TestSessionSnapshots {

    /** Publishes an active session of {@code owner} in {@code repositoryId} and returns it. */
    public static SessionSnapshot active(String owner, String repositoryId) {
        return publish(snapshot("s-" + UUID.randomUUID(), owner, repositoryId, SessionState.ACTIVE));
    }

    public static SessionSnapshot snapshot(String id, String owner, String repositoryId, SessionState state) {
        Instant now = Instant.now();
        return new SessionSnapshot(id, repositoryId, repositoryId, "podbench/" + id, "origin/main", state, owner,
                "test-pod", "local", "/nowhere/" + id, null, now, now, state.isFinal() ? now : null);
    }

    public static SessionSnapshot publish(SessionSnapshot snapshot) {
        KafkaTestResource.send(Topics.SESSIONS, snapshot.sessionId(), EventJson.encodeToString(
                CloudEvent.of(EventType.SESSION_SNAPSHOT, "/podbench/session-service", snapshot.sessionId(), snapshot)));
        return snapshot;
    }

    private TestSessionSnapshots() {
    }
}
