package dev.podbench.session.api;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.podbench.http.ApiError;
import dev.podbench.http.ApiExceptionMappers;
import dev.podbench.session.errors.DomainException;
import dev.podbench.session.errors.InvalidInput;
import dev.podbench.session.errors.NotFound;
import dev.podbench.session.errors.NotPermitted;
import dev.podbench.session.errors.RemoteUnusable;
import dev.podbench.session.errors.StateConflict;

/** The edge's reading of the domain's refusals: each kind gets its HTTP status and the common error body. */
public class DomainExceptionMappers {

    @ServerExceptionMapper
    public Response invalid(InvalidInput e) {
        return answer(400, e);
    }

    @ServerExceptionMapper
    public Response notPermitted(NotPermitted e) {
        return answer(403, e);
    }

    @ServerExceptionMapper
    public Response notFound(NotFound e) {
        return answer(404, e);
    }

    @ServerExceptionMapper
    public Response conflict(StateConflict e) {
        return answer(409, e);
    }

    @ServerExceptionMapper
    public Response remoteUnusable(RemoteUnusable e) {
        return answer(422, e);
    }

    private static Response answer(int status, DomainException e) {
        return ApiExceptionMappers.json(status, new ApiError(e.getMessage(), e.detail()));
    }
}
