package dev.podbench.terminal.session;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;

import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import dev.podbench.terminal.config.TerminalConfig;
import io.smallrye.mutiny.Uni;

/**
 * The latest snapshot of every session, rebuilt from the compacted {@code podbench.sessions} topic on each
 * start. Terminals keep working while session-service is down because nothing here calls it.
 */
@ApplicationScoped
public class SessionDirectory {

    private final ConcurrentMap<String, SessionSnapshot> sessions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> loaded = new CompletableFuture<>();
    private final Duration loadWait;

    public SessionDirectory(TerminalConfig config) {
        this.loadWait = config.startupWait();
    }

    /** Whether the snapshot topic has been read up to where it was when this instance started. */
    public boolean isLoaded() {
        return loaded.isDone();
    }

    void loaded() {
        loaded.complete(null);
    }

    public Optional<SessionSnapshot> find(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    public int size() {
        return sessions.size();
    }

    /** Applies a snapshot; returns the snapshot now held (a final state is never replaced by a stale live one). */
    public SessionSnapshot update(SessionSnapshot snapshot) {
        SessionSnapshot held = sessions.merge(snapshot.sessionId(), snapshot,
                (old, incoming) -> old.state().isFinal() && !incoming.state().isFinal() ? old : incoming);
        wake(held);
        return held;
    }

    /**
     * Records that a session ended, learnt from {@code session.ended}/{@code failed}: the events topic and the
     * snapshot topic are not ordered with each other, so the event may overtake the final snapshot.
     */
    public void markFinal(String sessionId, SessionState state) {
        SessionSnapshot held = sessions.computeIfPresent(sessionId, (id, old) -> old.state().isFinal() ? old
                : new SessionSnapshot(old.sessionId(), old.repositoryId(), old.repositoryName(), old.branch(),
                        old.baseRef(), state, old.owner(), old.pod(), old.runtime(), old.worktreePath(),
                        old.failureReason(), old.createdAt(), old.updatedAt(), old.endedAt()));
        if (held != null) {
            wake(held);
        }
    }

    /** A tombstone on the compacted topic: the session is gone for good. */
    public void remove(String sessionId) {
        sessions.remove(sessionId);
    }

    /**
     * The session once it satisfies {@code ready} (e.g. it has left {@code starting}), waiting at most
     * {@code max} for a snapshot that is not there yet; otherwise whatever is known then (possibly nothing).
     */
    public Uni<Optional<SessionSnapshot>> await(String sessionId, Predicate<SessionSnapshot> ready, Duration max) {
        if (!loaded.isDone()) {
            // Still replaying the topic: wait for the replay (bounded), then apply the usual wait.
            return Uni.createFrom().completionStage(loaded)
                    .ifNoItem().after(loadWait).recoverWithItem((Void) null)
                    .chain(() -> awaitLoaded(sessionId, ready, max));
        }
        return awaitLoaded(sessionId, ready, max);
    }

    private Uni<Optional<SessionSnapshot>> awaitLoaded(String sessionId, Predicate<SessionSnapshot> ready,
            Duration max) {
        SessionSnapshot now = sessions.get(sessionId);
        if (now != null && ready.test(now)) {
            return Uni.createFrom().item(Optional.of(now));
        }
        Waiter waiter = new Waiter(ready, new CompletableFuture<>());
        waiters.computeIfAbsent(sessionId, id -> new CopyOnWriteArrayList<>()).add(waiter);
        // Re-check after registering: an update may have landed between the first look and the registration.
        SessionSnapshot again = sessions.get(sessionId);
        if (again != null && ready.test(again)) {
            waiter.future().complete(again);
        }
        return Uni.createFrom().completionStage(waiter.future())
                .map(Optional::of)
                .ifNoItem().after(max).recoverWithItem(() -> find(sessionId))
                .onTermination().invoke(() -> forget(sessionId, waiter));
    }

    private void wake(SessionSnapshot snapshot) {
        List<Waiter> list = waiters.get(snapshot.sessionId());
        if (list != null) {
            for (Waiter waiter : list) {
                if (waiter.ready().test(snapshot)) {
                    waiter.future().complete(snapshot);
                }
            }
        }
    }

    private void forget(String sessionId, Waiter waiter) {
        waiters.computeIfPresent(sessionId, (id, list) -> {
            list.remove(waiter);
            return list.isEmpty() ? null : list;
        });
    }

    private record Waiter(Predicate<SessionSnapshot> ready, CompletableFuture<SessionSnapshot> future) {
    }
}
