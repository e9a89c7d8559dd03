package dev.podbench.session.api;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import dev.podbench.http.ApiError;
import dev.podbench.http.ApiExceptionMappers;
import dev.podbench.session.errors.DomainException;
import dev.podbench.session.errors.InvalidInput;
import dev.podbench.session.errors.NotFound;
import dev.podbench.session.errors.NotPermitted;
import dev.podbench.session.errors.StateConflict;

/** The edge's reading of the domain's refusals: each kind gets its HTTP status and the common error body. */
public class DomainExceptionMappers {

    @ServerExceptionMapper
    public Response refused(DomainException e) {
        return ApiExceptionMappers.json(status(e), new ApiError(e.getMessage(), e.detail()));
    }

    static int status(DomainException e) {
        if (e instanceof InvalidInput) {
            return 400;
        }
        if (e instanceof NotPermitted) {
            return 403;
        }
        if (e instanceof NotFound) {
            return 404;
        }
        if (e instanceof StateConflict) {
            return 409;
        }
        return 422; // RemoteUnusable: the request is understood, the remote it names cannot serve it
    }
}
