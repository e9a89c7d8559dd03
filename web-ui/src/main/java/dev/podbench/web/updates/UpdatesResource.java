package dev.podbench.web.updates;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestPath;

import dev.podbench.web.config.WebConfig;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;

/**
 * {@code GET /api/sessions/{id}/updates}: server-sent events of one session, fed from Kafka: {@code session}
 * (the current snapshot first, then every change), {@code cost} and {@code pull-request}, plus keep-alive
 * comments. Only the session's owner (or an admin) may listen; anybody else gets a 404, as from session-service.
 */
@Path("/api/sessions/{id}/updates")
@Authenticated
public class UpdatesResource {

    private final UpdatesHub hub;
    private final WebConfig config;
    private final SecurityIdentity identity;

    public UpdatesResource(UpdatesHub hub, WebConfig config, SecurityIdentity identity) {
        this.hub = hub;
        this.config = config;
        this.identity = identity;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Live state, cost and pull-request changes of a session (SSE)")
    public Multi<OutboundSseEvent> updates(@RestPath String id, @Context Sse sse) {
        String caller = identity.getPrincipal().getName();
        boolean admin = identity.hasRole("admin");
        return hub.awaitVisible(id, caller, admin, config.updates().sessionWait()).onItem().transformToMulti(found -> {
            if (found.isEmpty()) {
                return Multi.createFrom().failure(new NotFoundException("no such session: " + id));
            }
            Multi<OutboundSseEvent> current = Multi.createFrom().item(found.get())
                    .map(u -> event(sse, u));
            Multi<OutboundSseEvent> live = Multi.createBy().merging().streams(
                    hub.updates(id).map(u -> event(sse, u)),
                    Multi.createFrom().ticks().every(config.updates().heartbeat())
                            .map(t -> sse.newEventBuilder().comment("keep-alive").build()));
            return Multi.createBy().concatenating().streams(current, live);
        });
    }

    private static OutboundSseEvent event(Sse sse, SessionUpdate update) {
        return sse.newEventBuilder().name(update.name()).data(update.json())
                .mediaType(MediaType.APPLICATION_JSON_TYPE).build();
    }
}
