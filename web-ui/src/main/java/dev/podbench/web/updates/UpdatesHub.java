package dev.podbench.web.updates;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.podbench.events.session.SessionSnapshot;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;

/**
 * What the Kafka consumers learnt, for the SSE streams: the latest snapshot per session (from the compacted
 * {@code podbench.sessions} topic, replayed from the beginning at every start: the owner check needs it) and a
 * hot stream of every update as it arrives.
 */
@ApplicationScoped
public class UpdatesHub {

    /** A session's latest snapshot and its JSON as sent to browsers. */
    public record Known(SessionSnapshot snapshot, SessionUpdate update) {
    }

    private final Map<String, Known> sessions = new ConcurrentHashMap<>();
    private final BroadcastProcessor<SessionUpdate> live = BroadcastProcessor.create();

    void snapshot(SessionSnapshot snapshot, String json) {
        SessionUpdate update = new SessionUpdate(snapshot.sessionId(), "session", json);
        sessions.merge(snapshot.sessionId(), new Known(snapshot, update),
                (old, fresh) -> fresh.snapshot().updatedAt().isBefore(old.snapshot().updatedAt()) ? old : fresh);
        live.onNext(update);
    }

    void forget(String sessionId) {
        sessions.remove(sessionId);
    }

    void publish(SessionUpdate update) {
        live.onNext(update);
    }

    public Optional<Known> session(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    /** The session, waiting up to {@code wait} for one not known yet (just created, or Kafka still replaying). */
    public Uni<Optional<Known>> awaitSession(String sessionId, Duration wait) {
        Optional<Known> now = session(sessionId);
        if (now.isPresent() || wait.isZero()) {
            return Uni.createFrom().item(now);
        }
        return Multi.createFrom().ticks().every(Duration.ofMillis(100))
                .map(tick -> session(sessionId))
                .filter(Optional::isPresent)
                .toUni()
                .ifNoItem().after(wait).recoverWithItem(Optional.empty());
    }

    /** Every update of one session from now on. */
    public Multi<SessionUpdate> updates(String sessionId) {
        return live.filter(u -> u.sessionId().equals(sessionId));
    }
}
