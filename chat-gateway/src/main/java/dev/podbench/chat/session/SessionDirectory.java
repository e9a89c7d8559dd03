package dev.podbench.chat.session;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import dev.podbench.chat.config.ChatConfig;
import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import io.smallrye.mutiny.Uni;

/**
 * The latest snapshot of every session, rebuilt from the compacted {@code podbench.sessions} topic on each start,
 * so the chat keeps working while session-service is down.
 */
@ApplicationScoped
public class SessionDirectory {

    private final ConcurrentMap<String, SessionSnapshot> sessions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, CompletableFuture<SessionSnapshot>> arrivals = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> replayed = new CompletableFuture<>();
    private final Duration startupWait;

    public SessionDirectory(ChatConfig config) {
        this.startupWait = config.startupWait();
    }

    public boolean isReplayed() {
        return replayed.isDone();
    }

    void replayed() {
        replayed.complete(null);
    }

    public Optional<SessionSnapshot> find(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    public int size() {
        return sessions.size();
    }

    /** Applies a snapshot and returns the one now held: a final state is never replaced by a late live one. */
    public SessionSnapshot update(SessionSnapshot snapshot) {
        SessionSnapshot held = sessions.merge(snapshot.sessionId(), snapshot,
                (old, incoming) -> old.state().isFinal() && !incoming.state().isFinal() ? old : incoming);
        CompletableFuture<SessionSnapshot> waiting = arrivals.remove(held.sessionId());
        if (waiting != null) {
            waiting.complete(held);
        }
        return held;
    }

    /** An end event may overtake the final snapshot (two topics, no order between them). */
    public void markFinal(String sessionId, SessionState state) {
        sessions.computeIfPresent(sessionId, (id, s) -> s.state().isFinal() ? s
                : new SessionSnapshot(s.sessionId(), s.repositoryId(), s.repositoryName(), s.branch(), s.baseRef(),
                        state, s.owner(), s.pod(), s.runtime(), s.worktreePath(), s.failureReason(), s.createdAt(),
                        s.updatedAt(), s.endedAt()));
    }

    public void remove(String sessionId) {
        sessions.remove(sessionId);
    }

    /**
     * The session, waiting (at most {@code max}) for it when unknown: a browser may connect right after creating
     * the session, before its first snapshot reached this instance, or right after a gateway restart.
     */
    public Uni<Optional<SessionSnapshot>> await(String sessionId, Duration max) {
        Uni<Void> replay = replayed.isDone() ? Uni.createFrom().voidItem()
                : Uni.createFrom().completionStage(replayed.copy()).ifNoItem().after(startupWait)
                        .recoverWithItem((Void) null);
        return replay.chain(() -> {
            SessionSnapshot now = sessions.get(sessionId);
            if (now != null) {
                return Uni.createFrom().item(Optional.of(now));
            }
            CompletableFuture<SessionSnapshot> arrival = arrivals.computeIfAbsent(sessionId,
                    id -> new CompletableFuture<>());
            SessionSnapshot again = sessions.get(sessionId); // it may have landed meanwhile
            if (again != null) {
                arrival.complete(again);
            }
            return Uni.createFrom().completionStage(arrival.copy()).map(Optional::of)
                    .ifNoItem().after(max).recoverWithItem(() -> {
                        // nobody creates this session: do not keep a waiter per probed id
                        arrivals.remove(sessionId, arrival);
                        return find(sessionId);
                    });
        });
    }
}
