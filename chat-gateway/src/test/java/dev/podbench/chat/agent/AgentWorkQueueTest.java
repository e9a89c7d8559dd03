package dev.podbench.chat.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

class AgentWorkQueueTest {

    /** Runs tasks only when the test says so, like an event loop turning. */
    private final ArrayDeque<Runnable> loop = new ArrayDeque<>();
    private final AgentWorkQueue queue = new AgentWorkQueue("test", loop::addLast);

    private void turn() {
        Runnable task;
        while ((task = loop.pollFirst()) != null) {
            task.run();
        }
    }

    @Test
    void workRunsOneAtATimeInSubmissionOrder() {
        List<String> log = new ArrayList<>();
        List<UniEmitter<? super Void>> pending = new ArrayList<>();
        queue.submit(() -> {
            log.add("first started");
            return Uni.createFrom().emitter(pending::add);
        });
        queue.submit(() -> {
            log.add("second started");
            return Uni.createFrom().voidItem();
        });
        turn();
        assertThat(log).containsExactly("first started");

        pending.get(0).complete(null);
        turn();
        assertThat(log).containsExactly("first started", "second started");
    }

    @Test
    void callRelaysTheOutcomeAndAFailureDoesNotStopTheQueue() {
        List<Object> outcomes = new ArrayList<>();
        queue.call(() -> Uni.createFrom().<String> failure(new IllegalStateException("boom")))
                .subscribe().with(outcomes::add, e -> outcomes.add(e.getMessage()));
        queue.call(() -> {
            throw new IllegalArgumentException("thrown");
        }).subscribe().with(outcomes::add, e -> outcomes.add(e.getMessage()));
        queue.call(() -> Uni.createFrom().item("after")).subscribe().with(outcomes::add, e -> outcomes.add(e));
        turn();
        assertThat(outcomes).containsExactly("boom", "thrown", "after");
    }

    @Test
    void backOnQueueDeliversWhereTheQueueRuns() {
        List<String> got = new ArrayList<>();
        queue.backOnQueue(Uni.createFrom().item("started")).subscribe().with(got::add);
        assertThat(got).isEmpty();
        turn();
        assertThat(got).containsExactly("started");
    }
}
