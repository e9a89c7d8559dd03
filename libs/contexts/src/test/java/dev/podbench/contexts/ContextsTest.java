package dev.podbench.contexts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

class ContextsTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void blockingWorkLeavesTheEventLoopAndComesBackToTheCallersContext() throws Exception {
        Context context = Contexts.newContext(vertx);
        CompletableFuture<String[]> threads = new CompletableFuture<>();
        context.runOnContext(ignored -> {
            String caller = Thread.currentThread().getName();
            Contexts.blocking(() -> Thread.currentThread().getName())
                    .subscribe().with(worker -> threads.complete(new String[] { caller, worker,
                            Thread.currentThread().getName(), String.valueOf(Vertx.currentContext() == context) }),
                            threads::completeExceptionally);
        });
        String[] seen = threads.get(10, TimeUnit.SECONDS);
        assertThat(seen[0]).contains("eventloop");
        assertThat(seen[1]).doesNotContain("eventloop");
        assertThat(seen[2]).isEqualTo(seen[0]);
        assertThat(seen[3]).isEqualTo("true");
    }

    @Test
    void workOnAContextRunsThereAndAFailureIsRelayed() {
        Context context = Contexts.newContext(vertx);
        Context ran = Contexts.on(context, () -> Uni.createFrom().item(Vertx::currentContext))
                .await().atMost(Duration.ofSeconds(10));
        assertThat(ran).isSameAs(context);
        assertThatThrownBy(() -> Contexts.on(context, () -> {
            throw new IllegalStateException("boom");
        }).await().atMost(Duration.ofSeconds(10))).hasMessage("boom");
    }

    @Test
    void withoutACallerContextTheOutcomeStaysWhereItCompletes() {
        String thread = Contexts.onCallerContext(Uni.createFrom().item(() -> Thread.currentThread().getName()))
                .await().atMost(Duration.ofSeconds(10));
        assertThat(thread).isEqualTo(Thread.currentThread().getName());
    }
}
