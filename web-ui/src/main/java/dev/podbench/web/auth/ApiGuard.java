package dev.podbench.web.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.podbench.web.config.WebConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * How {@code /api} refuses a caller, in the words of DESIGN.md rather than Quarkus' bare challenge:
 * <ul>
 * <li>a WebSocket upgrade from a foreign {@code Origin} gets 403 before anything else, authenticated or not;</li>
 * <li>an HTTP request without a valid identity gets 401 with the JSON error body;</li>
 * <li>a WebSocket upgrade without a valid identity is accepted and closed with 4401: a browser sees an HTTP
 * refusal of an upgrade only as close code 1006 and could not tell "log in again" from "connection lost".</li>
 * </ul>
 * Requests without credentials are answered here, before Quarkus' authentication; a token that fails
 * authentication reaches the failure handler, which Quarkus calls after setting its challenge header.
 */
@ApplicationScoped
public class ApiGuard {

    private static final Logger LOG = Logger.getLogger(ApiGuard.class);
    /** After {@link TokenLogin} turned the login cookie into a bearer token (-300), before authentication (-200). */
    private static final int BEFORE_AUTHENTICATION = -250;
    public static final short CLOSE_UNAUTHENTICATED = 4401;

    private final Origins origins;

    public ApiGuard(WebConfig config) {
        this.origins = new Origins(config.allowedOrigins());
    }

    void register(@Observes Router router) {
        router.route("/api/*").order(BEFORE_AUTHENTICATION).handler(this::guard);
        router.route("/api/*").failureHandler(this::authenticationFailed);
    }

    private void guard(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (isWebSocketUpgrade(request)
                && !origins.permits(request.getHeader(HttpHeaders.ORIGIN), request.getHeader(HttpHeaders.HOST))) {
            ctx.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(error("origin not allowed", request.getHeader(HttpHeaders.ORIGIN)));
            return;
        }
        if (request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
            refuse(ctx, "no bearer token and no login cookie");
            return;
        }
        ctx.next();
    }

    private void authenticationFailed(RoutingContext ctx) {
        if (isAuthenticationFailure(ctx.failure()) && !ctx.response().ended()) {
            refuse(ctx, "the token is invalid or has expired");
            return;
        }
        ctx.next();
    }

    private static boolean isAuthenticationFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationFailedException) {
                return true;
            }
        }
        return false;
    }

    private void refuse(RoutingContext ctx, String detail) {
        HttpServerRequest request = ctx.request();
        if (isWebSocketUpgrade(request)) {
            request.toWebSocket().onComplete(accepted -> {
                if (accepted.succeeded()) {
                    accepted.result().close(CLOSE_UNAUTHENTICATED, "unauthenticated");
                } else {
                    LOG.debugf("could not accept an unauthenticated WebSocket to close it: %s", accepted.cause().getMessage());
                }
            });
            return;
        }
        ctx.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(error("authentication required", detail));
    }

    public static boolean isWebSocketUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return request.method() == HttpMethod.GET && upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    private static String error(String error, String detail) {
        return new JsonObject().put("error", error).put("detail", detail).encode();
    }
}
