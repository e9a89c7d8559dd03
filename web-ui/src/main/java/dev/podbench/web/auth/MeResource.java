package dev.podbench.web.auth;

import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import dev.podbench.http.Caller;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;

/** Who the dashboard is talking for. */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class MeResource {

    public record Me(String name, boolean admin, Set<String> roles) {
    }

    private final SecurityIdentity identity;

    public MeResource(SecurityIdentity identity) {
        this.identity = identity;
    }

    @GET
    public Me me() {
        return new Me(identity.getPrincipal().getName(), Caller.isAdmin(identity), identity.getRoles());
    }
}
