package dev.podbench.http;

import java.util.Map;

/**
 * A refusal the client can act on, thrown at the HTTP edge (resources, request validation) and rendered by
 * {@link ApiExceptionMappers} as its status and an {@link ApiError}. It records no stack trace: it is an answer,
 * not a fault.
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

    public String error() {
        return getMessage();
    }

    public Object detail() {
        return detail;
    }

    public ApiError body() {
        return new ApiError(error(), detail);
    }

    public static ApiException badRequest(String error, Object detail) {
        return new ApiException(400, error, detail);
    }

    public static ApiException forbidden(String error, Object detail) {
        return new ApiException(403, error, detail);
    }

    /** {@code "<what> not found"} with the id as given. */
    public static ApiException notFound(String what, Object id) {
        return new ApiException(404, what + " not found", Map.of("id", String.valueOf(id)));
    }

    public static ApiException conflict(String error, Object detail) {
        return new ApiException(409, error, detail);
    }

    public static ApiException unprocessable(String error, Object detail) {
        return new ApiException(422, error, detail);
    }

    public static ApiException unavailable(String error, Object detail) {
        return new ApiException(503, error, detail);
    }
}
