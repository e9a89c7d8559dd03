package dev.podbench.session.repositories;

import java.net.URI;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestPath;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

import dev.podbench.http.ApiException;
import dev.podbench.http.Caller;

@Path("/api/repositories")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Authenticated
@Tag(name = "repositories")
public class RepositoryResource {

    private final RepositoryService service;
    private final SecurityIdentity identity;

    public RepositoryResource(RepositoryService service, SecurityIdentity identity) {
        this.service = service;
        this.identity = identity;
    }

    @GET
    public Uni<List<RepositoryView>> list() {
        return service.list();
    }

    @POST
    @Operation(summary = "Register a repository", description = "The clone URL is checked and the remote asked (for its "
            + "default branch when none is given); an unreachable remote is a 422.")
    public Uni<Response> create(NewRepository request) {
        return service.create(request, Caller.of(identity))
                .map(r -> Response.created(URI.create("/api/repositories/" + r.id())).entity(r).build());
    }

    @GET
    @Path("{id}")
    public Uni<RepositoryView> get(@RestPath String id) {
        return service.get(repositoryId(id));
    }

    @GET
    @Path("{id}/branches")
    @Operation(summary = "The remote's branches", description = "For branch suggestions: sorted, at most "
            + "podbench.git.max-branches of them (then \"truncated\": true), reused for podbench.git.branches-cache-ttl; "
            + "422 if the remote is unreachable.")
    public Uni<RepositoryBranches> branches(@RestPath String id) {
        return service.branches(repositoryId(id));
    }

    @DELETE
    @Path("{id}")
    @Operation(summary = "Delete a repository", description = "Ends its live sessions first. Only its creator or an admin.")
    public Uni<Response> delete(@RestPath String id) {
        return service.delete(repositoryId(id), Caller.of(identity)).map(ignored -> Response.noContent().build());
    }

    private static UUID repositoryId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("repository", id);
        }
    }
}
