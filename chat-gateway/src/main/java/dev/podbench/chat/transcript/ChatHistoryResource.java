package dev.podbench.chat.transcript;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import dev.podbench.chat.config.ChatConfig;
import dev.podbench.http.ApiException;
import dev.podbench.http.Caller;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.sessions.SessionDirectory;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/** The stored chat of a session, page by page, and single events in full. */
@Path("/api/sessions/{id}/chat/events")
@Produces(MediaType.APPLICATION_JSON)
public class ChatHistoryResource {

    private final TranscriptStore transcript;
    private final SessionDirectory directory;
    private final SecurityIdentity identity;
    private final ChatConfig config;

    public ChatHistoryResource(TranscriptStore transcript, SessionDirectory directory, SecurityIdentity identity,
            ChatConfig config) {
        this.transcript = transcript;
        this.directory = directory;
        this.identity = identity;
        this.config = config;
    }

    /** A page of events: {@code {"events":[{"seq":N,"event":{…}}…],"lastSeq":N,"hasMore":bool}}. */
    @GET
    @WithSession
    public Uni<Map<String, Object>> page(@PathParam("id") String sessionId,
            @QueryParam("afterSeq") @DefaultValue("0") long afterSeq,
            @QueryParam("limit") @DefaultValue("100") int limit) {
        if (afterSeq < 0) {
            throw new ApiException(400, "invalid afterSeq", "afterSeq must be 0 or more");
        }
        if (limit < 1 || limit > config.maxPageSize()) {
            throw new ApiException(400, "invalid limit", "limit must be between 1 and " + config.maxPageSize());
        }
        return authorized(sessionId).chain(() -> transcript.page(sessionId, afterSeq, limit + 1)).map(rows -> {
            boolean more = rows.size() > limit;
            List<StoredEvent> page = more ? rows.subList(0, limit) : rows;
            long last = page.isEmpty() ? afterSeq : page.get(page.size() - 1).seq();
            return Map.of("events", page, "lastSeq", last, "hasMore", more);
        });
    }

    /** One event; for a truncated tool result, with its full text. */
    @GET
    @Path("{seq}")
    @WithSession
    public Uni<StoredEvent> one(@PathParam("id") String sessionId, @PathParam("seq") long seq) {
        return authorized(sessionId).chain(() -> transcript.full(sessionId, seq)).map(event -> {
            if (event == null) {
                throw new ApiException(404, "no such event", Map.of("sessionId", sessionId, "seq", seq));
            }
            return event;
        });
    }

    /** The owner reads a chat; so does an admin (support). */
    private Uni<Void> authorized(String sessionId) {
        // who asks is read now, on the request: the wait below may end on another thread
        Caller caller = Caller.of(identity);
        return directory.await(sessionId, s -> true, config.sessionWait()).map(found -> {
            SessionSnapshot session = found.orElseThrow(
                    () -> new ApiException(404, "no such session", Map.of("sessionId", sessionId)));
            if (!caller.mayAccess(session.owner())) {
                throw new ApiException(403, "not your session", Map.of("sessionId", sessionId));
            }
            return null;
        });
    }
}
