package dev.podbench.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

class AsyncKeyedLockTest {

    final AsyncKeyedLock lock = new AsyncKeyedLock();
    final List<String> events = new CopyOnWriteArrayList<>();

    private Uni<String> step(String name, CompletableFuture<String> gate) {
        return Uni.createFrom().deferred(() -> {
            events.add("start " + name);
            return Uni.createFrom().completionStage(gate).invoke(() -> events.add("end " + name));
        });
    }

    @Test
    void actionsOnOneKeyRunOneAfterTheOther() {
        CompletableFuture<String> gateA = new CompletableFuture<>();
        CompletableFuture<String> gateB = new CompletableFuture<>();
        CompletableFuture<String> a = lock.withLock("k", () -> step("a", gateA)).subscribeAsCompletionStage();
        CompletableFuture<String> b = lock.withLock("k", () -> step("b", gateB)).subscribeAsCompletionStage();

        assertThat(events).containsExactly("start a");
        gateB.complete("B");
        assertThat(events).containsExactly("start a");
        gateA.complete("A");
        assertThat(a.join()).isEqualTo("A");
        assertThat(b.join()).isEqualTo("B");
        assertThat(events).containsExactly("start a", "end a", "start b", "end b");
        assertThat(lock.activeKeys()).isZero();
    }

    @Test
    void differentKeysDoNotWaitForEachOther() {
        CompletableFuture<String> gateA = new CompletableFuture<>();
        lock.withLock("k1", () -> step("a", gateA)).subscribeAsCompletionStage();
        CompletableFuture<String> b = lock.withLock("k2", () -> Uni.createFrom().item("B"))
                .subscribeAsCompletionStage();
        assertThat(b.join()).isEqualTo("B");
        gateA.complete("A");
    }

    @Test
    void aFailureReleasesTheLockAndIsPassedOn() {
        Uni<String> failing = lock.withLock("k", () -> Uni.createFrom().failure(new IllegalStateException("boom")));
        assertThatThrownBy(() -> failing.await().atMost(Duration.ofSeconds(5))).hasMessage("boom");
        assertThatThrownBy(() -> lock.withLock("k", () -> {
            throw new IllegalArgumentException("thrown by the supplier");
        }).await().atMost(Duration.ofSeconds(5))).hasMessage("thrown by the supplier");
        assertThat(lock.withLock("k", () -> Uni.createFrom().item("next")).await().atMost(Duration.ofSeconds(5)))
                .isEqualTo("next");
        assertThat(lock.activeKeys()).isZero();
    }

    @Test
    void aWaiterCancelledBeforeItsTurnDoesNotLetTheNextOneJumpTheQueue() {
        CompletableFuture<String> gateA = new CompletableFuture<>();
        lock.withLock("k", () -> step("a", gateA)).subscribeAsCompletionStage();
        Cancellable cancelled = lock.withLock("k", () -> step("never", new CompletableFuture<>())).subscribe()
                .with(x -> {
                });
        CompletableFuture<String> c = lock.withLock("k", () -> step("c", CompletableFuture.completedFuture("C")))
                .subscribeAsCompletionStage();
        cancelled.cancel();
        assertThat(events).containsExactly("start a");
        gateA.complete("A");
        assertThat(c.join()).isEqualTo("C");
        assertThat(events).containsExactly("start a", "end a", "start c", "end c");
    }
}
