package dev.podbench.http;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;

/**
 * Who is asking: the token's user name ({@code preferred_username}), and whether they hold the {@code admin} role
 * (the token's {@code groups}), which lets them see and act on everybody's sessions.
 */
public record Caller(String name, boolean admin) {

    public static final String ADMIN_ROLE = "admin";

    public static Caller of(SecurityIdentity identity) {
        return new Caller(identity.getPrincipal().getName(), isAdmin(identity));
    }

    /** Whether this caller may see (and act on) something owned by {@code owner}. */
    public boolean mayAccess(String owner) {
        return admin || name.equals(owner);
    }

    public static boolean isAdmin(SecurityIdentity identity) {
        return identity.hasRole(ADMIN_ROLE);
    }

    /**
     * The identity of a Vert.x route's caller (Quarkus authenticates proactively, before any route runs), or
     * {@code null} before authentication.
     */
    public static SecurityIdentity identity(RoutingContext context) {
        return context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
    }
}
