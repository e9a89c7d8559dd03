package dev.podbench.session.api;

import java.util.Map;

import jakarta.ws.rs.core.Response.Status;

/**
 * A refusal the client can act on. The message is the {@code error} of the JSON body and is written for
 * people; {@code detail} carries what a program needs (e.g. the session holding a branch).
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final transient Object detail;

    public ApiException(int status, String error, Object detail) {
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

    public static ApiException badRequest(String error, Object detail) {
        return new ApiException(Status.BAD_REQUEST.getStatusCode(), error, detail);
    }

    public static ApiException notFound(String what, Object id) {
        return new ApiException(Status.NOT_FOUND.getStatusCode(), what + " not found", Map.of("id", String.valueOf(id)));
    }

    public static ApiException conflict(String error, Object detail) {
        return new ApiException(Status.CONFLICT.getStatusCode(), error, detail);
    }

    public static ApiException unprocessable(String error, Object detail) {
        return new ApiException(422, error, detail);
    }
}
