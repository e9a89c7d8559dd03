package dev.podbench.testkit;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;

/** A tiny endpoint for {@link QuarkusResourcesTest}. */
@Path("/whoami")
public class SecuredResource {

    @Inject
    SecurityIdentity identity;

    @GET
    @Authenticated
    public String whoami() {
        return identity.getPrincipal().getName() + " " + new java.util.TreeSet<>(identity.getRoles());
    }

    @GET
    @Path("/admin")
    @RolesAllowed("admin")
    public String admin() {
        return "admin " + identity.getPrincipal().getName();
    }
}
