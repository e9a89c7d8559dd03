package dev.podbench.session.sessions;

import io.quarkus.security.identity.SecurityIdentity;

/** Who is asking: the token's user name, and whether they may see everybody's sessions. */
public record Caller(String name, boolean admin) {

    public static final String ADMIN_ROLE = "admin";

    public static Caller of(SecurityIdentity identity) {
        return new Caller(identity.getPrincipal().getName(), identity.hasRole(ADMIN_ROLE));
    }

    /** Whether this caller may see (and end) a session owned by {@code owner}. */
    public boolean mayAccess(String owner) {
        return admin || name.equals(owner);
    }
}
