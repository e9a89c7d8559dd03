package dev.podbench.session.api;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/** Every failure leaves as {@code {"error": ..., "detail": ...}} with a fitting status, never as an HTML page or a stack trace. */
public class ExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ExceptionMappers.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return json(e.status(), new ApiError(e.getMessage(), e.detail()));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        String detail = e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()
                ? "field '" + mismatch.getPath().get(mismatch.getPath().size() - 1).getFieldName() + "' has the wrong type"
                : e.getOriginalMessage();
        if (e instanceof InvalidFormatException) {
            detail = "field '" + ((InvalidFormatException) e).getPath().get(0).getFieldName() + "' has an invalid value";
        }
        return json(400, new ApiError("malformed JSON body", detail));
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e) {
        return json(401, new ApiError("authentication required", null));
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e) {
        return json(401, new ApiError("authentication required", null));
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return json(403, new ApiError("forbidden", null));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
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

    private static Response json(int status, ApiError body) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
}
