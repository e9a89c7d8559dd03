package dev.podbench.session.sessions;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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
import dev.podbench.events.session.StartStepTime;

/**
 * A session's timeline, read from what session-service already keeps: the lifecycle events it wrote to its
 * transactional outbox (published rows stay), oldest first, and the start's steps from the session row. Nothing new
 * is recorded for it.
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

    /** The lifecycle events, with the start's steps (kept on the session row) right after {@code created}. */
    public Uni<List<SessionTimeline>> timeline(UUID sessionId) {
        return pool.preparedQuery("select payload from outbox_event where session_id = $1 and topic = $2 order by seq limit $3")
                .execute(Tuple.of(sessionId, Topics.SESSION_EVENTS, MAX_ENTRIES))
                .map(rows -> {
                    List<SessionTimeline> entries = new ArrayList<>();
                    for (Row row : rows) {
                        entry(sessionId, row.getString("payload")).ifPresent(entries::add);
                    }
                    return entries;
                })
                .chain(entries -> startSteps(sessionId).map(steps -> {
                    int afterCreated = entries.isEmpty() || !"created".equals(entries.get(0).kind()) ? 0 : 1;
                    entries.addAll(afterCreated, steps.stream().map(SessionTimeline::of).toList());
                    return entries;
                }));
    }

    private Uni<List<StartStepTime>> startSteps(UUID sessionId) {
        return pool.preparedQuery("select pod_step_at, fetch_step_at, worktree_step_at, started_at from session where id = $1")
                .execute(Tuple.of(sessionId))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return List.of();
                    }
                    Row row = rows.iterator().next();
                    return Session.startSteps(instant(row, "pod_step_at"), instant(row, "fetch_step_at"),
                            instant(row, "worktree_step_at"), instant(row, "started_at"));
                });
    }

    private static Instant instant(Row row, String column) {
        OffsetDateTime value = row.getOffsetDateTime(column);
        return value == null ? null : value.toInstant();
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
