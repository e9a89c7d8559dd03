package dev.podbench.session.errors;

/** The caller sees the thing but may not do this to it (delete another user's repository). */
public final class NotPermitted extends DomainException {

    public NotPermitted(String message, Object detail) {
        super(message, detail);
    }
}
