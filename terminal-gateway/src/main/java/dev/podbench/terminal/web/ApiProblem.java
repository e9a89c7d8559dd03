package dev.podbench.terminal.web;

/** A refusal with its HTTP status, rendered as {@code {"error": ..., "detail": ...}} by {@link ApiProblemMapper}. */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final transient Object detail;

    public ApiProblem(int status, String error, Object detail) {
        super(error, null, false, false);
        this.status = status;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public Object detail() {
        return detail;
    }
}
