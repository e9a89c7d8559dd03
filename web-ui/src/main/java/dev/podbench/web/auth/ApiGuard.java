package dev.podbench.web.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.podbench.http.ApiError;
import dev.podbench.http.Caller;
import dev.podbench.http.OriginPolicy;
import dev.podbench.http.WebSocketCloseCodes;
import dev.podbench.web.config.WebConfig;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * How {@code /api} refuses a caller, in the words of DESIGN.md rather than Quarkus' bare challenge:
 * <ul>
 * <li>a WebSocket upgrade from a foreign {@code Origin} gets 403 before the upgrade, authenticated or not;</li>
 * <li>an HTTP request without a valid identity gets 401 with the JSON error body;</li>
 * <li>a WebSocket upgrade without a valid identity is accepted and closed with 4401: a browser sees an HTTP
 * refusal of an upgrade only as close code 1006 and could not tell "log in again" from "connection lost".</li>
 * </ul>
 * The guard runs right after Quarkus' (proactive) authentication, so every way of logging in counts (bearer
 * header, the local login cookie, production's OIDC session); an anonymous caller is answered here, before the
 * {@code /api/*} permission check would send its bare challenge. A token that fails authentication reaches the
 * failure handler, which Quarkus calls after setting its challenge header.
 */
@ApplicationScoped
public class ApiGuard {

    private static final Logger LOG = Logger.getLogger(ApiGuard.class);
    /** After Quarkus' authentication (order -200), before its authorization (-100). */
    private static final int AFTER_AUTHENTICATION = -150;

    private final OriginPolicy origins;

    public ApiGuard(WebConfig config) {
        this.origins = new OriginPolicy(config.allowedOrigins());
    }

    void register(@Observes Router router) {
        router.route("/api/*").order(AFTER_AUTHENTICATION).handler(this::guard);
        router.route("/api/*").failureHandler(this::authenticationFailed);
    }

    private void guard(RoutingContext ctx) {
        SecurityIdentity identity = Caller.identity(ctx);
        if (identity == null || identity.isAnonymous()) {
            refuse(ctx, "no bearer token and no login");
        } else if (isForeignPage(ctx.request())) {
            refuseOrigin(ctx);
        } else {
            ctx.next();
        }
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
        if (isForeignPage(request)) {
            refuseOrigin(ctx);
        } else if (isWebSocketUpgrade(request)) {
            request.toWebSocket().onComplete(accepted -> {
                if (accepted.succeeded()) {
                    accepted.result().close(WebSocketCloseCodes.UNAUTHENTICATED, "unauthenticated");
                } else {
                    LOG.debugf("could not accept an unauthenticated WebSocket to close it: %s", accepted.cause().getMessage());
                }
            });
        } else {
            ctx.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .putHeader("WWW-Authenticate", "Bearer").end(error("authentication required", detail));
        }
    }

    /**
     * A WebSocket upgrade from a page of another origin: refused before the upgrade, whatever the identity. The
     * configured dashboard origin(s) pass, and so does the web-ui's own (the {@code Origin} is the request's
     * {@code Host}).
     */
    private boolean isForeignPage(HttpServerRequest request) {
        return isWebSocketUpgrade(request)
                && !origins.permits(request.getHeader(HttpHeaders.ORIGIN), request.getHeader(HttpHeaders.HOST));
    }

    private static void refuseOrigin(RoutingContext ctx) {
        ctx.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(error("origin not allowed", ctx.request().getHeader(HttpHeaders.ORIGIN)));
    }

    public static boolean isWebSocketUpgrade(HttpServerRequest request) {
        String upgrade = request.getHeader(HttpHeaders.UPGRADE);
        return request.method() == HttpMethod.GET && upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    private static String error(String error, String detail) {
        return Json.encode(new ApiError(error, detail));
    }
}
