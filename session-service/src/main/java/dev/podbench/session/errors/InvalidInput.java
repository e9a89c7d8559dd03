package dev.podbench.session.errors;

/** The request itself is wrong (a missing field, a malformed id or branch name); nothing was changed. */
public final class InvalidInput extends DomainException {

    public InvalidInput(String message, Object detail) {
        super(message, detail);
    }
}
