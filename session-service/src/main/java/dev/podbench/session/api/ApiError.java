package dev.podbench.session.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every error response: {@code {"error": "...", "detail": ...}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, Object detail) {

    /** The body of every 401, whether JAX-RS or the HTTP layer refused the request. */
    public static ApiError unauthenticated() {
        return new ApiError("authentication required", "a valid bearer token is needed");
    }

    /** The body of a 403 no service decided itself (a security policy or annotation). */
    public static ApiError forbidden() {
        return new ApiError("forbidden", null);
    }
}
