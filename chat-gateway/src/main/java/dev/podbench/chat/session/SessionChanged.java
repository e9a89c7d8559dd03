package dev.podbench.chat.session;

import dev.podbench.events.session.SessionSnapshot;

/** CDI event: a live session has a new snapshot (e.g. its worktree is ready now). */
public record SessionChanged(SessionSnapshot snapshot) {
}
