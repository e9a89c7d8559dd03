package dev.podbench.sessions;

import dev.podbench.events.session.SessionSnapshot;

/**
 * The one rule deciding which of two snapshots of a session is current, whatever order they arrived in (a
 * replay, a redelivery, an end event that overtook the final snapshot): a final state ({@code ended},
 * {@code failed}) wins over a live one; otherwise the newer {@code updatedAt} wins, and on a tie the one that
 * arrived last (a republished snapshot carries the same time).
 */
public final class SessionOrder {

    /** The snapshot to hold once {@code incoming} arrives while {@code held} is held (null: nothing yet). */
    public static SessionSnapshot current(SessionSnapshot held, SessionSnapshot incoming) {
        if (held == null) {
            return incoming;
        }
        boolean heldFinal = held.state().isFinal();
        if (heldFinal != incoming.state().isFinal()) {
            return heldFinal ? held : incoming;
        }
        return incoming.updatedAt().isBefore(held.updatedAt()) ? held : incoming;
    }

    private SessionOrder() {
    }
}
