package dev.podbench.sessions;

import java.time.Instant;

import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;

/** Snapshots of one session at given seconds after a fixed instant. */
final class Snapshots {

    static final Instant T0 = Instant.parse("2026-12-01T09:00:00Z");

    static SessionSnapshot at(String sessionId, SessionState state, int second) {
        return new SessionSnapshot(sessionId, "repo-1", "app", "feature/x", null, state, "alice", null, null, null,
                null, T0, T0.plusSeconds(second), state.isFinal() ? T0.plusSeconds(second) : null);
    }

    static SessionSnapshot at(SessionState state, int second) {
        return at("s1", state, second);
    }

    private Snapshots() {
    }
}
