package dev.podbench.chat.agent;

import dev.podbench.events.session.SessionSnapshot;

/** The newest snapshot of a session as its supervisor knows it; shared with the handlers of its agent's output. */
public final class LatestSnapshot {

    private volatile SessionSnapshot snapshot;

    public LatestSnapshot(SessionSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    public SessionSnapshot get() {
        return snapshot;
    }

    void set(SessionSnapshot snapshot) {
        this.snapshot = snapshot;
    }

    /** Where the agent runs, or null while the session has no worktree yet. */
    public String worktreePath() {
        SessionSnapshot s = snapshot;
        return s == null ? null : s.worktreePath();
    }
}
