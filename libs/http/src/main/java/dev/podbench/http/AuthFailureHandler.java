package dev.podbench.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Gives the 401s and 403s decided before a request reaches JAX-RS (proactive authentication of a bad or expired
 * token, the {@code /api/*} permission: {@link TokenRequiredPolicy}) the same JSON body as every other error.
 * Quarkus hands such failures to the router's failure handlers; the status and a {@code WWW-Authenticate: Bearer}
 * challenge are kept or set, the body is added. Only {@code /api/*}: a browser page keeps its login challenge (the
 * web-ui's OIDC redirect). It runs after a service's own failure handlers (the web-ui closes an unauthenticated
 * WebSocket with 4401 instead) and leaves a response they answered alone.
 */
@ApplicationScoped
public class AuthFailureHandler {

    private static final String WWW_AUTHENTICATE = "WWW-Authenticate";

    void register(@Observes Router router) {
        router.route("/api/*").order(RouteConstants.ROUTE_ORDER_AFTER_DEFAULT).failureHandler(this::handle);
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
        response.setStatusCode(unauthenticated ? 401 : 403);
        if (unauthenticated && !response.headers().contains(WWW_AUTHENTICATE)) {
            response.putHeader(WWW_AUTHENTICATE, "Bearer");
        }
        ApiError body = unauthenticated ? ApiError.unauthenticated() : ApiError.forbidden();
        response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(Json.encode(body));
    }
}
