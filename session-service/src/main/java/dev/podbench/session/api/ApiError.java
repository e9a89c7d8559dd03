package dev.podbench.session.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every error response: {@code {"error": "...", "detail": ...}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, Object detail) {
}
