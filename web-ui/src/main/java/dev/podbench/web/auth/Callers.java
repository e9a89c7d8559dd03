package dev.podbench.web.auth;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/** The authenticated caller of a Vert.x route (Quarkus authenticates proactively, before any route runs). */
public final class Callers {

    public static SecurityIdentity identity(RoutingContext ctx) {
        return ctx.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
    }

    public static boolean isAdmin(SecurityIdentity identity) {
        return identity.hasRole("admin");
    }

    private Callers() {
    }
}
