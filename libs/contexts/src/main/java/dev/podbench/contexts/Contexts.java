package dev.podbench.contexts;

import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Moving work between the event loop, blocking threads and back. Hibernate Reactive only runs on a safe Vert.x
 * duplicated context, and an event loop must never wait: blocking work goes to the worker pool, and what it
 * (or a runtime's own thread) produces comes back to the Vert.x context that asked for it.
 */
public final class Contexts {

    private Contexts() {
    }

    /** A fresh safe duplicated context; running on it serializes callbacks on one event loop. */
    public static Context newContext(Vertx vertx) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return context;
    }

    /** Subscribes to {@code work} on {@code context} and relays its outcome (wherever it completes). */
    public static <T> Uni<T> on(Context context, Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> context.runOnContext(ignored -> {
            Uni<T> uni;
            try {
                uni = work.get();
            } catch (Throwable e) {
                emitter.fail(e);
                return;
            }
            uni.subscribe().with(emitter::complete, emitter::fail);
        }));
    }

    /**
     * Delivers the outcome of {@code work} (which may complete on a runtime's or a worker's thread) on the Vert.x
     * context that subscribed; without one (a plain thread), where it completes.
     */
    public static <T> Uni<T> onCallerContext(Uni<T> work) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            return context == null ? work : work.emitOn(executor(context));
        });
    }

    /** Runs blocking {@code work} on the worker pool and delivers its outcome back on the caller's context. */
    public static <T> Uni<T> blocking(Callable<T> work) {
        return onCallerContext(Uni.createFrom().item(() -> {
            try {
                return work.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()));
    }

    /** Runs tasks on {@code context} (for Mutiny's {@code emitOn}). */
    public static Executor executor(Context context) {
        return task -> context.runOnContext(ignored -> task.run());
    }
}
