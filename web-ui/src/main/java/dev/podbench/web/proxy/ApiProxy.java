package dev.podbench.web.proxy;

import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.podbench.web.auth.ApiGuard;
import dev.podbench.http.ApiError;
import dev.podbench.http.Caller;
import dev.podbench.web.config.WebConfig;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.proxy.handler.ProxyHandler;
import io.vertx.httpproxy.HttpProxy;

/**
 * The backend-for-frontend's proxy: {@code /api/**} goes to the service that owns the path ({@link ServiceRoutes})
 * with the caller's bearer token; HTTP through Vert.x' reverse proxy, WebSocket upgrades through a
 * {@link WebSocketTunnel}. Runs after {@link ApiGuard}, Quarkus' authentication and the {@code /api/*} permission
 * check, so an unauthenticated caller or a foreign page is refused before anything is proxied. Paths with no upstream fall through to the
 * web-ui's own resources.
 */
@ApplicationScoped
public class ApiProxy {

    private static final Logger LOG = Logger.getLogger(ApiProxy.class);

    private final WebConfig config;
    private final Map<Upstream, ProxyHandler> http = new EnumMap<>(Upstream.class);
    private final Map<Upstream, WebSocketTunnel> websockets = new EnumMap<>(Upstream.class);

    public ApiProxy(WebConfig config) {
        this.config = config;
    }

    void register(@Observes Router router, Vertx vertx) {
        for (Upstream upstream : Upstream.values()) {
            URI uri = uri(upstream);
            HttpClient client = vertx.createHttpClient(new HttpClientOptions()
                    .setSsl("https".equalsIgnoreCase(uri.getScheme()))
                    .setMaxPoolSize(64)
                    .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, config.services().timeout().toMillis())));
            http.put(upstream, ProxyHandler.create(HttpProxy.reverseProxy(client)
                    .origin(WebSocketTunnel.port(uri), uri.getHost())));
            websockets.put(upstream, new WebSocketTunnel(client, uri, config.services().timeout().toMillis()));
            LOG.infof("proxying %s to %s", upstream, uri);
        }
        router.route("/api/*").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        Optional<Upstream> upstream = ServiceRoutes.route(ctx.normalizedPath());
        if (upstream.isEmpty()) {
            ctx.next();
            return;
        }
        SecurityIdentity identity = Caller.identity(ctx);
        if (identity == null || identity.isAnonymous()) {
            ctx.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(Json.encode(new ApiError("authentication required", null)));
            return;
        }
        var request = ctx.request();
        AccessTokenCredential token = identity.getCredential(AccessTokenCredential.class);
        if (token != null) {
            request.headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + token.getToken());
        }
        // the login cookie (or the OIDC session) stays here: services get the bearer token only
        request.headers().remove(HttpHeaders.COOKIE);
        if (ApiGuard.isWebSocketUpgrade(request)) {
            websockets.get(upstream.get()).tunnel(request);
            return;
        }
        http.get(upstream.get()).handle(ctx);
    }

    private URI uri(Upstream upstream) {
        var services = config.services();
        return switch (upstream) {
            case SESSION_SERVICE -> services.sessionService();
            case TERMINAL_GATEWAY -> services.terminalGateway();
            case CHAT_GATEWAY -> services.chatGateway();
            case PR_TRACKER -> services.prTracker();
            case COST_SERVICE -> services.costService();
        };
    }
}
