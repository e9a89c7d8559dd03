package dev.podbench.session.errors;

/** The request is fine but the current state refuses it: a branch in use, a name taken, a session not active. */
public final class StateConflict extends DomainException {

    public StateConflict(String message, Object detail) {
        super(message, detail);
    }
}
