package dev.podbench.session.sessions;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

import dev.podbench.events.EventJson;
import dev.podbench.events.Topics;

/**
 * A session's timeline, read from what session-service already keeps: the lifecycle events it wrote to its
 * transactional outbox (published rows stay), oldest first. Nothing new is recorded for it.
 */
@ApplicationScoped
public class SessionTimelineStore {

    private static final Logger LOG = Logger.getLogger(SessionTimelineStore.class);
    /** More than any session's lifecycle (created, started, warnings, ended); a bound all the same. */
    static final int MAX_ENTRIES = 500;

    private final Pool pool;

    public SessionTimelineStore(Pool pool) {
        this.pool = pool;
    }

    /** The session's owner, or empty if there is no such session. */
    public Uni<Optional<String>> owner(UUID sessionId) {
        return pool.preparedQuery("select owner from session where id = $1").execute(Tuple.of(sessionId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next().getString("owner")));
    }

    public Uni<List<SessionTimeline>> timeline(UUID sessionId) {
        return pool.preparedQuery("select payload from outbox_event where session_id = $1 and topic = $2 order by seq limit $3")
                .execute(Tuple.of(sessionId, Topics.SESSION_EVENTS, MAX_ENTRIES))
                .map(rows -> {
                    List<SessionTimeline> entries = new java.util.ArrayList<>();
                    for (Row row : rows) {
                        entry(sessionId, row.getString("payload")).ifPresent(entries::add);
                    }
                    return entries;
                });
    }

    private static Optional<SessionTimeline> entry(UUID sessionId, String payload) {
        try {
            return SessionTimeline.of(EventJson.decode(payload));
        } catch (RuntimeException e) {
            // an event of a newer version than this service reads: leave it out rather than fail the whole timeline
            LOG.debugf("timeline of %s: an outbox event was not readable: %s", sessionId, e.getMessage());
            return Optional.empty();
        }
    }
}
