package dev.podbench.session.sessions;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.podbench.contexts.Contexts;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Workspace work (a start, an end's cleanup) running for a session in this process: run off the request, and known
 * while it runs so that the sweeper leaves those sessions alone.
 */
@ApplicationScoped
public class SessionWork {

    private static final Logger LOG = Logger.getLogger(SessionWork.class);

    private final Vertx vertx;
    private final Set<UUID> busy = ConcurrentHashMap.newKeySet();

    public SessionWork(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Runs workspace work for a session off the request, on a fresh Vert.x context of its own. */
    void inBackground(UUID id, Supplier<Uni<Void>> work) {
        Context context = Contexts.newContext(vertx);
        context.runOnContext(ignored -> guarded(id, work).subscribe().with(
                done -> {
                },
                failure -> LOG.errorf(failure, "session %s: background work failed", id)));
    }

    /** {@code work}, with the session marked busy while it runs. */
    <T> Uni<T> guarded(UUID id, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            busy.add(id);
            return work.get();
        }).onTermination().invoke(() -> busy.remove(id));
    }

    boolean isBusy(UUID id) {
        return busy.contains(id);
    }

    /** {@code action} for each session in turn; a failure is logged and does not stop the others. */
    public static Uni<Void> each(List<Session> list, Function<Session, Uni<Void>> action) {
        return Multi.createFrom().iterable(list)
                .onItem().transformToUniAndConcatenate(s -> action.apply(s)
                        .onFailure().recoverWithItem(e -> {
                            LOG.warnf(e, "session %s: %s", s.id, e.getMessage());
                            return null;
                        }))
                .collect().last().replaceWithVoid();
    }
}
