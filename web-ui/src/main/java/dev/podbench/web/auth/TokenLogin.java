package dev.podbench.web.auth;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

import dev.podbench.web.config.WebConfig;
import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.oidc.TenantIdentityProvider;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Local-mode login: the launcher prints {@code http://127.0.0.1:8080/?token=<jwt>}. {@code GET /?token=} checks
 * the token exactly as a bearer token is checked, stores it in an HttpOnly, SameSite=Strict cookie and redirects
 * to {@code /} so the token leaves the address bar. Afterwards the cookie stands in for the {@code Authorization}
 * header on {@code /api} requests. Off unless {@code podbench.web.login.token-link=true}; production logs in with
 * the OIDC authorization-code flow instead.
 */
@ApplicationScoped
public class TokenLogin {

    private static final Logger LOG = Logger.getLogger(TokenLogin.class);
    /** Before Quarkus' authentication filter (order -200). */
    private static final int BEFORE_AUTHENTICATION = -300;

    private final WebConfig config;
    private final TenantIdentityProvider identities;

    public TokenLogin(WebConfig config, TenantIdentityProvider identities) {
        this.config = config;
        this.identities = identities;
    }

    void register(@Observes Router router) {
        if (!config.login().tokenLink()) {
            return;
        }
        router.route().order(BEFORE_AUTHENTICATION).handler(this::cookieAsBearer);
        router.get("/").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::login);
        router.get("/logout").order(RouteConstants.ROUTE_ORDER_BEFORE_DEFAULT).handler(this::logout);
    }

    /** Only for {@code /api}: a stale cookie must not stop the app's page itself from loading. */
    private void cookieAsBearer(RoutingContext ctx) {
        var request = ctx.request();
        if (request.path().startsWith("/api/") && request.getHeader(HttpHeaders.AUTHORIZATION) == null) {
            Cookie cookie = request.getCookie(config.login().cookieName());
            if (cookie != null && !cookie.getValue().isBlank()) {
                request.headers().set(HttpHeaders.AUTHORIZATION, "Bearer " + cookie.getValue());
            }
        }
        ctx.next();
    }

    private void login(RoutingContext ctx) {
        String token = ctx.request().getParam("token");
        if (token == null) {
            ctx.next();
            return;
        }
        identities.authenticate(new AccessTokenCredential(token)).subscribe().with(identity -> {
            Cookie cookie = Cookie.cookie(config.login().cookieName(), token)
                    .setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.STRICT)
                    .setSecure(config.login().secureCookie());
            if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
                cookie.setMaxAge(Math.max(0, jwt.getExpirationTime() - Instant.now().getEpochSecond()));
            }
            LOG.infof("%s logged in with a token link", identity.getPrincipal().getName());
            ctx.response().addCookie(cookie).putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .putHeader(HttpHeaders.LOCATION, "/").setStatusCode(303).end();
        }, failure -> {
            LOG.infof("token link refused: %s", failure.getMessage());
            ctx.response().setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end("<!doctype html><title>Podbench</title><p>This login link is invalid or has expired. "
                            + "Open the link printed by <code>podbench up</code> again.</p>");
        });
    }

    private void logout(RoutingContext ctx) {
        ctx.response().addCookie(Cookie.cookie(config.login().cookieName(), "").setPath("/").setMaxAge(0)
                .setHttpOnly(true).setSameSite(CookieSameSite.STRICT))
                .putHeader(HttpHeaders.LOCATION, "/").setStatusCode(303).end();
    }
}
