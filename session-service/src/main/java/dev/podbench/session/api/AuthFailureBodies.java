package dev.podbench.session.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives the 401s and 403s decided before a request reaches JAX-RS (proactive authentication of a bad or expired
 * token, the {@code /api/*} permission: {@link TokenRequiredPolicy}) the same JSON body as every other error. Quarkus
 * hands such failures to the router's failure handlers (the way its proactive-authentication guide describes);
 * the status and a {@code WWW-Authenticate: Bearer} challenge are kept or set, the body is added. Failures inside
 * JAX-RS are {@link ExceptionMappers}' business.
 */
@ApplicationScoped
public class AuthFailureBodies {

    private static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    void register(@Observes Router router) {
        router.route().failureHandler(this::handle);
    }

    void handle(RoutingContext context) {
        Throwable failure = context.failure();
        boolean unauthenticated = failure instanceof AuthenticationFailedException
                || failure instanceof UnauthorizedException;
        boolean forbidden = failure instanceof ForbiddenException;
        HttpServerResponse response = context.response();
        if ((!unauthenticated && !forbidden) || response.ended() || response.headWritten()) {
            context.next();
            return;
        }
        int status = unauthenticated ? 401 : 403;
        response.setStatusCode(status);
        if (unauthenticated && !response.headers().contains(WWW_AUTHENTICATE)) {
            response.putHeader(WWW_AUTHENTICATE, "Bearer");
        }
        ApiError body = unauthenticated ? ApiError.unauthenticated() : ApiError.forbidden();
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Json.encode(body));
    }
}
