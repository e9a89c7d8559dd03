package dev.podbench.sessions;

import dev.podbench.events.session.SessionSnapshot;

/**
 * CDI event: the directory holds a new snapshot of a session (e.g. its worktree is ready now). Not fired for a
 * snapshot the ordering rule ({@link SessionOrder}) discarded. A final one is announced by {@link SessionFinished}
 * first.
 */
public record SessionChanged(SessionSnapshot snapshot) {
}
