package dev.podbench.cost.analytics;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A client that accepts anything gets JSON: {@code GET /api/costs} also speaks CSV, and without this the
 * choice between the two for {@code Accept: *}{@code /*} would be the framework's.
 */
public class JsonByDefault {

    @ServerRequestFilter(preMatching = true)
    public void preferJson(ContainerRequestContext request) {
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept == null || accept.isBlank() || accept.trim().equals(MediaType.WILDCARD)) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON);
        }
    }
}
