package dev.podbench.pr.hosts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/**
 * The requests made with one token: at most one in flight (GitHub asks integrators not to send concurrent
 * requests), the others wait in a bounded queue; and what the host said about the token's limits.
 */
final class RequestLane {

    static final Duration MIN_SECONDARY_WAIT = Duration.ofSeconds(60);

    private final int maxQueued;
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private boolean busy;
    private Instant blockedUntil = Instant.MIN;
    private Duration lastSecondaryWait = Duration.ZERO;

    RequestLane(int maxQueued) {
        this.maxQueued = maxQueued;
    }

    /** Runs {@code work} once every earlier request of this lane has finished. */
    <T> Uni<T> submit(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Runnable start = () -> Uni.createFrom().<T> deferred(work::get)
                    .onTermination().invoke(this::startNext)
                    .subscribe().with(emitter::complete, emitter::fail);
            synchronized (this) {
                if (busy) {
                    if (waiting.size() >= maxQueued) {
                        emitter.fail(new HostFailure(HostFailure.Reason.RATE_LIMITED, Optional.empty(),
                                "too many requests waiting for this host"));
                        return;
                    }
                    waiting.add(start);
                    return;
                }
                busy = true;
            }
            start.run();
        });
    }

    private void startNext() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                busy = false;
                return;
            }
        }
        next.run();
    }

    synchronized Optional<Instant> blockedAt(Instant now) {
        return now.isBefore(blockedUntil) ? Optional.of(blockedUntil) : Optional.empty();
    }

    /** The primary limit is used up until {@code reset}. */
    synchronized void blockUntil(Instant reset) {
        if (reset.isAfter(blockedUntil)) {
            blockedUntil = reset;
        }
    }

    /**
     * A secondary limit: wait what the host asked for, else at least a minute, doubling while it keeps happening.
     * Returns when requests may start again.
     */
    synchronized Instant secondaryLimit(Instant now, Optional<Duration> retryAfter) {
        Duration wait = retryAfter.orElseGet(() -> {
            Duration doubled = lastSecondaryWait.multipliedBy(2);
            return doubled.compareTo(MIN_SECONDARY_WAIT) < 0 ? MIN_SECONDARY_WAIT : doubled;
        });
        lastSecondaryWait = wait;
        blockUntil(now.plus(wait));
        return blockedUntil;
    }

    synchronized void succeeded() {
        lastSecondaryWait = Duration.ZERO;
    }
}
