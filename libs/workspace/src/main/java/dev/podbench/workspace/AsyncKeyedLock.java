package dev.podbench.workspace;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * Serializes asynchronous actions per key without blocking any thread: an action for a key starts only once the
 * previous action for that key has terminated (success, failure or cancellation). Actions for different keys run
 * independently. Used by runtimes (one clone per repository) and by {@code Worktrees} (git takes repository locks).
 *
 * <p>The queue is a chain of futures; a key's entry is removed once its last action has finished, so idle keys
 * cost nothing.
 */
public final class AsyncKeyedLock {

    private final ConcurrentHashMap<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

    /**
     * Returns a lazy {@link Uni} that, on each subscription, queues {@code action} behind the key's previous actions,
     * then subscribes to the {@code Uni} the action returns. The result or failure of the action is passed through.
     */
    public <T> Uni<T> withLock(String key, Supplier<? extends Uni<? extends T>> action) {
        return Uni.createFrom().<T> deferred(() -> {
            CompletableFuture<Void> done = new CompletableFuture<>();
            CompletableFuture<Void> previous = tails.put(key, done);
            CompletableFuture<Void> turn = previous == null ? CompletableFuture.completedFuture(null) : previous;
            // a copy: Mutiny cancels the stage it was given when the subscriber cancels, and the real future is
            // the previous holder's, which others wait for too
            return Uni.createFrom().completionStage(turn.copy())
                    .onItem().transformToUni(ignored -> Uni.createFrom().<T> deferred(action::get))
                    .onTermination().invoke(() ->
                            // Hand over only once the previous holder has finished too (matters if we were cancelled
                            // while still waiting for our turn).
                            turn.whenComplete((v, e) -> {
                                done.complete(null);
                                tails.remove(key, done);
                            }));
        });
    }

    /** Number of keys with queued or running actions (for tests and metrics). */
    public int activeKeys() {
        return tails.size();
    }
}
