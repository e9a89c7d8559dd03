package dev.podbench.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;

class FreshRunsTest {

    final FreshRuns runs = new FreshRuns();
    /** One gate per run, in the order the runs start. */
    final List<CompletableFuture<Void>> started = new CopyOnWriteArrayList<>();

    private final Supplier<Uni<Void>> action = () -> {
        CompletableFuture<Void> gate = new CompletableFuture<>();
        started.add(gate);
        return Uni.createFrom().completionStage(gate);
    };

    private CompletableFuture<Void> join(String key) {
        return runs.run(key, action).subscribeAsCompletionStage();
    }

    @Test
    void callersArrivingDuringARunShareTheNextRunNotTheCurrentOne() {
        CompletableFuture<Void> first = join("pod");
        assertThat(started).hasSize(1);

        CompletableFuture<Void> second = join("pod");
        CompletableFuture<Void> third = join("pod");
        assertThat(started).as("no second run while one is in flight").hasSize(1);

        started.get(0).complete(null);
        assertThat(first).isCompleted();
        // The run in flight began before they asked: it does not count for them.
        assertThat(second).isNotDone();
        assertThat(third).isNotDone();
        assertThat(started).as("one shared run for both late callers").hasSize(2);

        started.get(1).complete(null);
        assertThat(second).isCompleted();
        assertThat(third).isCompleted();
        assertThat(started).hasSize(2);
        assertThat(runs.activeKeys()).isZero();
    }

    @Test
    void aCallerAfterARunEndedGetsANewRun() {
        CompletableFuture<Void> first = join("pod");
        started.get(0).complete(null);
        assertThat(first).isCompleted();

        CompletableFuture<Void> later = join("pod");
        assertThat(started).hasSize(2);
        assertThat(later).isNotDone();
        started.get(1).complete(null);
        assertThat(later).isCompleted();
    }

    @Test
    void keysAreIndependent() {
        CompletableFuture<Void> a = join("a");
        CompletableFuture<Void> b = join("b");
        assertThat(started).hasSize(2);
        started.get(1).complete(null);
        assertThat(b).isCompleted();
        assertThat(a).isNotDone();
        started.get(0).complete(null);
        assertThat(a).isCompleted();
    }

    @Test
    void aFailedRunFailsEverySharerAndTheNextRunStillHappens() {
        CompletableFuture<Void> first = join("pod");
        CompletableFuture<Void> second = join("pod");
        CompletableFuture<Void> third = join("pod");

        started.get(0).completeExceptionally(new IllegalStateException("remote gone"));
        assertThatThrownBy(first::join).isInstanceOf(CompletionException.class).hasMessageContaining("remote gone");
        assertThat(second).isNotDone();

        started.get(1).completeExceptionally(new IllegalStateException("still gone"));
        assertThatThrownBy(second::join).hasMessageContaining("still gone");
        assertThatThrownBy(third::join).hasMessageContaining("still gone");
        assertThat(runs.activeKeys()).isZero();
    }

    @Test
    void aCancelledCallerDoesNotCancelTheRunOthersShare() {
        CompletableFuture<Void> first = join("pod");
        CompletableFuture<Void> quitter = join("pod");
        CompletableFuture<Void> stayer = join("pod");
        quitter.cancel(false);

        started.get(0).complete(null);
        started.get(1).complete(null);
        assertThat(first).isCompleted();
        assertThat(stayer).isCompleted();
    }
}
