package dev.podbench.cost.api;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * Who is asking, as far as cost visibility goes: a user sees their own spend, an admin everybody's.
 * Built from Quarkus security today; when the shared web library (issue 12) lands, {@link #of} is the one
 * line that changes to its caller identity.
 */
public record Viewer(String user, boolean admin) {

    public static final String ADMIN_ROLE = "admin";

    public static Viewer of(SecurityIdentity identity) {
        return new Viewer(identity.getPrincipal().getName(), identity.hasRole(ADMIN_ROLE));
    }

    /** Whether this viewer may see spend attributed to {@code owner}. */
    public boolean maySee(String owner) {
        return admin || user.equals(owner);
    }
}
