package dev.podbench.chat.support;

import java.util.function.Supplier;

import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Hibernate Reactive only runs on a safe Vert.x duplicated context; agent output arrives on the runtime's own
 * reader threads, so work triggered by it hops onto such a context first.
 */
public final class Contexts {

    /** A fresh safe duplicated context; running on it serializes callbacks on one event loop. */
    public static Context newContext(Vertx vertx) {
        Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext());
        VertxContextSafetyToggle.setContextSafe(context, true);
        return context;
    }

    /** Subscribes to {@code work} on {@code context} and relays its outcome. */
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

    private Contexts() {
    }
}
