package dev.podbench.http;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * Every failure inside JAX-RS leaves as {@code {"error": ..., "detail": ...}} with a fitting status, never as an
 * HTML page or a stack trace. A service maps its own domain exceptions with a mapper of its own that returns
 * {@link #json(int, ApiError)}. Failures before JAX-RS are {@link AuthFailureHandler}'s.
 */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return json(e.status(), e.body());
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return malformed(e);
    }

    /** Quarkus maps this one itself unless told otherwise; its body would not be ours. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return malformed(e);
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return json(401, ApiError.unauthenticated());
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return json(401, ApiError.unauthenticated());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return json(403, ApiError.forbidden());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException json) {
                return malformed(json);
            }
        }
        if (status >= 500) {
            LOG.error("request failed", e);
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        return json(status, new ApiError(reason == null ? "request failed" : reason.toLowerCase(), null));
    }

    @ServerExceptionMapper(priority = 10_000)
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return json(500, new ApiError("internal error", null));
    }

    /** The response for an error body: for a service's own exception mappers. */
    public static Response json(int status, ApiError body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }

    static Response malformed(JsonProcessingException e) {
        String detail = "the body is not valid JSON";
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = mismatch.getPath().get(mismatch.getPath().size() - 1).getFieldName();
            detail = field == null ? "a value has the wrong type" : "field '" + field + "' has the wrong type";
        }
        return json(400, new ApiError("malformed JSON body", detail));
    }
}
