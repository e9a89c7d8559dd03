package dev.podbench.session.support;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/** Keeps reactive pipelines on the Vert.x context they started on. */
public final class Contexts {

    private Contexts() {
    }

    /**
     * Delivers the outcome of {@code work} (which may complete on a runtime or git thread) on the Vert.x context that
     * subscribed: Hibernate Reactive refuses to be used from any other thread.
     */
    public static <T> Uni<T> onCallerContext(Uni<T> work) {
        return Uni.createFrom().deferred(() -> {
            Context context = Vertx.currentContext();
            if (context == null) {
                return work;
            }
            return work.emitOn(task -> context.runOnContext(ignored -> task.run()));
        });
    }
}
