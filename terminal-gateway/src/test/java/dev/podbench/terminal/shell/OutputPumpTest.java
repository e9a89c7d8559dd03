package dev.podbench.terminal.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/** The flow-control rules of the pump, with a fake stream and a socket whose writes complete on demand. */
class OutputPumpTest {

    private static final int HIGH = 1000;
    private static final int LOW = 200;
    private static final int FRAME = 300;

    private final AtomicLong requested = new AtomicLong();
    private final List<byte[]> frames = new ArrayList<>();
    private final List<UniEmitter<? super Void>> inFlight = new ArrayList<>();
    private final AtomicInteger pauses = new AtomicInteger();
    private final List<Throwable> ended = new ArrayList<>();
    private final OutputPump pump = pump(OutputPump.Pacing.NONE);

    private static final int REDRAW = 150;
    private static final long INTERVAL = 25_000_000;
    // negative on purpose: System.nanoTime() may be, and only differences of it mean anything
    private final AtomicLong now = new AtomicLong(-1_000_000_000);
    private final List<Long> timerDelays = new ArrayList<>();
    private final List<Runnable> timers = new ArrayList<>();

    private OutputPump pump(OutputPump.Pacing pacing) {
        OutputPump created = new OutputPump(frame -> Uni.createFrom().emitter(e -> {
            frames.add(frame);
            inFlight.add(e);
        }), frame -> {
        }, pauses::incrementAndGet, ended::add, HIGH, LOW, FRAME, pacing);
        created.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                requested.addAndGet(n);
            }

            @Override
            public void cancel() {
            }
        });
        return created;
    }

    private OutputPump pacedPump() {
        requested.set(0);
        return pump(new OutputPump.Pacing(REDRAW, INTERVAL, now::get, (delay, action) -> {
            timerDelays.add(delay);
            timers.add(action);
        }));
    }

    private void emit(int bytes) {
        emit(pump, bytes);
    }

    private void emit(OutputPump target, int bytes) {
        assertThat(requested.get()).as("demand before emitting").isPositive();
        requested.decrementAndGet();
        target.onNext(new byte[bytes]);
    }

    private void completeSends() {
        while (!inFlight.isEmpty()) {
            inFlight.remove(0).complete(null);
        }
    }

    @Test
    void sendsAtOnceWhenIdleAndCoalescesWhileAFrameIsInFlight() {
        emit(10);
        assertThat(frames).hasSize(1);
        emit(100);
        emit(100);
        assertThat(frames).hasSize(1);
        completeSends();
        assertThat(frames).hasSize(2);
        assertThat(frames.get(1)).hasSize(200);
    }

    @Test
    void readsAheadAtMostOneFrameWhileSending() {
        emit(10);
        emit(FRAME);
        assertThat(requested.get()).as("batch full: no more demand").isZero();
        completeSends();
        assertThat(requested.get()).isEqualTo(1);
    }

    @Test
    void stopsAboveTheHighMarkAndResumesAtTheLowMark() {
        for (int i = 0; i < 4; i++) {
            emit(FRAME);
            completeSends();
        }
        assertThat(pump.unacknowledged()).isEqualTo(4 * FRAME);
        assertThat(requested.get()).isZero();
        assertThat(pauses.get()).isEqualTo(1);
        pump.ack(4 * FRAME - LOW - 1);
        assertThat(requested.get()).as("still above the low mark").isZero();
        pump.ack(1);
        assertThat(requested.get()).isEqualTo(1);
    }

    @Test
    void acksBeyondWhatWasSentAreIgnored() {
        emit(100);
        completeSends();
        pump.ack(1_000_000);
        assertThat(pump.unacknowledged()).isZero();
    }

    @Test
    void endsAfterTheLastFrameWasSent() {
        emit(50);
        pump.onComplete();
        assertThat(ended).isEmpty();
        completeSends();
        assertThat(ended).hasSize(1).containsOnlyNulls();
    }

    @Test
    void smallFramesNeverWaitForTheRedrawInterval() {
        OutputPump paced = pacedPump();
        for (int i = 0; i < 5; i++) {
            emit(paced, REDRAW - 1);
            completeSends();
            assertThat(requested.get()).as("an echo is read again at once").isEqualTo(1);
        }
        assertThat(timers).isEmpty();
    }

    @Test
    void aRedrawMakesTheNextReadWaitForTheInterval() {
        OutputPump paced = pacedPump();
        emit(paced, REDRAW);
        completeSends();
        assertThat(requested.get()).as("no read right after a redraw").isZero();
        assertThat(timerDelays).containsExactly(INTERVAL);

        now.addAndGet(INTERVAL);
        timers.remove(0).run();
        assertThat(requested.get()).isEqualTo(1);
        emit(paced, 10);
        assertThat(frames).as("output after the pause goes out at once").hasSize(2);
    }

    @Test
    void anAckDuringTheIntervalDoesNotReadEarly() {
        OutputPump paced = pacedPump();
        emit(paced, REDRAW);
        completeSends();
        now.addAndGet(INTERVAL / 2);
        paced.ack(REDRAW);
        assertThat(requested.get()).isZero();
        assertThat(timers).as("one wake-up, not one per event").hasSize(1);
    }
}
