package dev.podbench.chat.agent;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Uni;

/**
 * Runs a session's work one piece at a time, in submission order, each piece to its end (its {@link Uni})
 * before the next starts. Everything runs through {@code executor}: in production a Vert.x duplicated context,
 * so the supervisor's state is only ever touched there; in tests a direct executor.
 */
public final class AgentWorkQueue {

    private static final Logger LOG = Logger.getLogger(AgentWorkQueue.class);

    private final String name;
    private final Executor executor;
    private final ArrayDeque<Supplier<Uni<Void>>> queue = new ArrayDeque<>();
    private boolean running;

    public AgentWorkQueue(String name, Executor executor) {
        this.name = name;
        this.executor = executor;
    }

    /** Queues work behind everything queued before; its failure is logged and the queue goes on. */
    public void submit(Supplier<Uni<Void>> work) {
        executor.execute(() -> {
            queue.addLast(work);
            drain();
        });
    }

    /** Queues work behind everything queued before; the returned Uni relays its outcome. */
    public <T> Uni<T> call(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> submit(() -> start(work).onItemOrFailure()
                .transformToUni((item, failure) -> {
                    if (failure != null) {
                        emitter.fail(failure);
                    } else {
                        emitter.complete(item);
                    }
                    return Uni.createFrom().voidItem();
                })));
    }

    /** Delivers the outcome of {@code work} (which may complete on any thread) where the queue runs. */
    public <T> Uni<T> backOnQueue(Uni<T> work) {
        return work.emitOn(executor);
    }

    private void drain() {
        if (running) {
            return;
        }
        Supplier<Uni<Void>> work = queue.pollFirst();
        if (work == null) {
            return;
        }
        running = true;
        start(work).subscribe().with(ok -> next(), failure -> {
            LOG.errorf(failure, "%s: work failed", name);
            next();
        });
    }

    private void next() {
        executor.execute(() -> {
            running = false;
            drain();
        });
    }

    private static <T> Uni<T> start(Supplier<Uni<T>> work) {
        try {
            return work.get();
        } catch (Throwable e) {
            return Uni.createFrom().failure(e);
        }
    }
}
