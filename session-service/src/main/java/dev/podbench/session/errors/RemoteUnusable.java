package dev.podbench.session.errors;

/** The Git remote a request names cannot serve it: unreachable, empty, or without the branch asked for. */
public final class RemoteUnusable extends DomainException {

    public RemoteUnusable(String message, Object detail) {
        super(message, detail);
    }
}
