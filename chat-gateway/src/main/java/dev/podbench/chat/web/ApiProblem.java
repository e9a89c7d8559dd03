package dev.podbench.chat.web;

/** A refusal with its HTTP status, rendered as {@code {"error": ..., "detail": ...}}. */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String error;
    private final transient Object detail;

    public ApiProblem(int status, String error, Object detail) {
        super(error);
        this.status = status;
        this.error = error;
        this.detail = detail;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public Object detail() {
        return detail;
    }
}
