package dev.podbench.workspace;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * Shares runs of an idempotent action (a {@code git fetch}) between callers that arrive together, without ever
 * handing a caller a run that began before it asked. Per key, at most one run is in flight; callers arriving while
 * it runs share the single next run, which starts when the current one ends. So ten concurrent requests cost at
 * most two runs, and each caller still gets the outcome of a run that started after its own request.
 *
 * <p>A run's failure is every sharer's failure. Cancelling a subscription does not stop a run others may share.
 */
public final class FreshRuns {

    private final Map<String, Slot> slots = new HashMap<>();

    /**
     * A lazy {@link Uni} that, on subscription, joins the next run of {@code action} for {@code key} that starts
     * from now on (starting one at once when none is in flight) and completes with its outcome. Callers sharing a
     * key must pass equivalent actions: a queued run executes the action of the first caller that queued it.
     */
    public Uni<Void> run(String key, Supplier<Uni<Void>> action) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> joined;
            boolean startNow = false;
            synchronized (slots) {
                Slot slot = slots.computeIfAbsent(key, k -> new Slot());
                if (slot.running == null) {
                    slot.running = new CompletableFuture<>();
                    joined = slot.running;
                    startNow = true;
                } else {
                    if (slot.next == null) {
                        slot.next = new CompletableFuture<>();
                        slot.nextAction = action;
                    }
                    joined = slot.next;
                }
            }
            if (startNow) {
                launch(key, action, joined);
            }
            // a copy: a cancelling subscriber must not cancel the future the other sharers wait for
            return Uni.createFrom().completionStage(joined.copy());
        });
    }

    /** Number of keys with a run in flight (for tests). */
    public int activeKeys() {
        synchronized (slots) {
            return slots.size();
        }
    }

    private void launch(String key, Supplier<Uni<Void>> action, CompletableFuture<Void> run) {
        Uni<Void> work;
        try {
            work = action.get();
        } catch (RuntimeException e) {
            work = Uni.createFrom().failure(e);
        }
        work.subscribe().with(ignored -> finish(key, run, null), failure -> finish(key, run, failure));
    }

    private void finish(String key, CompletableFuture<Void> run, Throwable failure) {
        CompletableFuture<Void> next;
        Supplier<Uni<Void>> nextAction;
        synchronized (slots) {
            Slot slot = slots.get(key);
            next = slot.next;
            nextAction = slot.nextAction;
            slot.running = next;
            slot.next = null;
            slot.nextAction = null;
            if (next == null) {
                slots.remove(key);
            }
        }
        if (failure == null) {
            run.complete(null);
        } else {
            run.completeExceptionally(failure);
        }
        if (next != null) {
            launch(key, nextAction, next);
        }
    }

    private static final class Slot {
        CompletableFuture<Void> running;
        CompletableFuture<Void> next;
        Supplier<Uni<Void>> nextAction;
    }
}
