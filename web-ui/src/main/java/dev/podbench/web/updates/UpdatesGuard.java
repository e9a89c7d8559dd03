package dev.podbench.web.updates;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.podbench.http.ApiError;
import dev.podbench.http.Caller;
import dev.podbench.web.config.WebConfig;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Answers {@code 404} for the update stream of a session that is unknown or someone else's, before the SSE
 * response starts (once it has, the status is 200 whatever happens).
 */
@ApplicationScoped
public class UpdatesGuard {

    private final UpdatesHub hub;
    private final WebConfig config;

    public UpdatesGuard(UpdatesHub hub, WebConfig config) {
        this.hub = hub;
        this.config = config;
    }

    void register(@Observes Router router) {
        router.get("/api/sessions/:id/updates").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::check);
    }

    private void check(RoutingContext ctx) {
        var identity = Caller.identity(ctx);
        if (identity == null || identity.isAnonymous()) {
            ctx.next(); // the /api/* permission has answered 401 already; nothing to add
            return;
        }
        String id = ctx.pathParam("id");
        String caller = identity.getPrincipal().getName();
        boolean admin = Caller.isAdmin(identity);
        Context context = Vertx.currentContext();
        hub.awaitVisible(id, caller, admin, config.updates().sessionWait()).subscribe().with(
                found -> context.runOnContext(v -> answer(ctx, id, found.isPresent())),
                failure -> context.runOnContext(v -> ctx.fail(failure)));
    }

    private static void answer(RoutingContext ctx, String id, boolean visible) {
        if (visible) {
            ctx.next();
        } else if (!ctx.response().ended()) {
            ctx.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Json.encode(new ApiError("no such session", Map.of("sessionId", id))));
        }
    }
}
