package dev.podbench.session.errors;

/**
 * A request the domain turns down, in the domain's words: {@code message} is written for people, {@code detail}
 * carries what a program needs (the field, the session holding a branch). What HTTP status each kind means is
 * decided at the edge ({@code api.DomainExceptionMappers}), not here. No stack trace: it is an answer, not a fault.
 */
public abstract sealed class DomainException extends RuntimeException
        permits InvalidInput, NotFound, NotPermitted, StateConflict, RemoteUnusable {

    private final transient Object detail;

    protected DomainException(String message, Object detail) {
        super(message, null, false, false);
        this.detail = detail;
    }

    public Object detail() {
        return detail;
    }
}
