package dev.podbench.http;

/**
 * The body of every error response of every service: {@code {"error": "...", "detail": ...}}. {@code error} is
 * written for people; {@code detail} carries what a program needs (a field name, an id) and is {@code null} when
 * there is nothing to add. Never a stack trace or an exception's class.
 */
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
