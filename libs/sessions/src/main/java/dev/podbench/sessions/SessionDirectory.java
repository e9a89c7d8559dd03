package dev.podbench.sessions;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.podbench.events.session.SessionSnapshot;
import dev.podbench.events.session.SessionState;
import io.smallrye.mutiny.Uni;

/**
 * The latest snapshot of every session, rebuilt from the compacted {@code podbench.sessions} topic at each start
 * (by {@link SessionsConsumer}), so a service answers about sessions while session-service is down. Which of two
 * snapshots is current is decided by {@link SessionOrder} alone.
 */
@ApplicationScoped
public class SessionDirectory {

    private final ConcurrentMap<String, SessionSnapshot> sessions = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, List<Waiter>> waiters = new ConcurrentHashMap<>();
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private final Duration replayWait;

    @Inject
    public SessionDirectory(SessionDirectoryConfig config) {
        this(config.replayWait());
    }

    public SessionDirectory(Duration replayWait) {
        this.replayWait = replayWait;
    }

    /** Whether the snapshot topic has been read up to where it ended when this instance got its partitions. */
    public boolean isCaughtUp() {
        return caughtUp.isDone();
    }

    void markCaughtUp() {
        caughtUp.complete(null);
    }

    public Optional<SessionSnapshot> find(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    /** The sessions held now that satisfy {@code filter} (e.g. a user's, for a list across sessions). */
    public List<SessionSnapshot> matching(Predicate<SessionSnapshot> filter) {
        return sessions.values().stream().filter(filter).toList();
    }

    public int size() {
        return sessions.size();
    }

    /** Applies a snapshot; returns the one now held (the same object when {@code snapshot} became current). */
    public SessionSnapshot apply(SessionSnapshot snapshot) {
        SessionSnapshot held = sessions.merge(snapshot.sessionId(), snapshot, SessionOrder::current);
        wake(held);
        return held;
    }

    /**
     * Records that a session ended or failed, learnt from {@code session.ended}/{@code failed}: the events topic
     * and the snapshot topic are not ordered with each other, so the event may overtake the final snapshot.
     */
    public void markFinal(String sessionId, SessionState state) {
        SessionSnapshot held = sessions.computeIfPresent(sessionId,
                (id, old) -> old.state().isFinal() ? old : old.withState(state));
        if (held != null) {
            wake(held);
        }
    }

    /** A tombstone on the compacted topic: the session is gone for good. */
    public void remove(String sessionId) {
        sessions.remove(sessionId);
    }

    /**
     * The session once it satisfies {@code ready} (e.g. it has left {@code starting}), waiting at most {@code max}
     * for a snapshot that is not there yet, otherwise whatever is known then (possibly nothing). Right after a
     * start it first waits (at most {@code podbench.sessions.replay-wait}) for the topic's replay, so that "not
     * replayed yet" never reads as "no such session". Never blocks the caller's thread.
     */
    public Uni<Optional<SessionSnapshot>> await(String sessionId, Predicate<SessionSnapshot> ready, Duration max) {
        if (caughtUp.isDone()) {
            return awaitCaughtUp(sessionId, ready, max);
        }
        // copy(): a timed-out wait cancels its stage, which must not cancel (and so complete) the replay itself
        return Uni.createFrom().completionStage(caughtUp.copy())
                .ifNoItem().after(replayWait).recoverWithItem((Void) null)
                .chain(() -> awaitCaughtUp(sessionId, ready, max));
    }

    /**
     * The session if {@code caller} may see it (its owner, or an admin), after {@link #await}ing it: what an
     * owner-only API ({@code /api/sessions/{id}/...}) answers 404 without.
     */
    public Uni<Optional<SessionSnapshot>> awaitVisible(String sessionId, String caller, boolean admin, Duration max) {
        return await(sessionId, s -> true, max).map(found -> found.filter(s -> admin || s.owner().equals(caller)));
    }

    private Uni<Optional<SessionSnapshot>> awaitCaughtUp(String sessionId, Predicate<SessionSnapshot> ready,
            Duration max) {
        SessionSnapshot now = sessions.get(sessionId);
        if ((now != null && ready.test(now)) || max.isZero() || max.isNegative()) {
            return Uni.createFrom().item(Optional.ofNullable(now));
        }
        Waiter waiter = new Waiter(ready, new CompletableFuture<>());
        waiters.computeIfAbsent(sessionId, id -> new CopyOnWriteArrayList<>()).add(waiter);
        // an update may have landed between the first look and the registration
        SessionSnapshot again = sessions.get(sessionId);
        if (again != null && ready.test(again)) {
            waiter.future().complete(again);
        }
        return Uni.createFrom().completionStage(waiter.future())
                .map(Optional::of)
                .ifNoItem().after(max).recoverWithItem(() -> find(sessionId))
                // on every outcome: nobody may create this session, so no waiter is kept per probed id
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

    /** Lookups waiting, for tests: every finished wait must have left. */
    int waiting() {
        return waiters.values().stream().mapToInt(List::size).sum();
    }

    private record Waiter(Predicate<SessionSnapshot> ready, CompletableFuture<SessionSnapshot> future) {
    }
}
