package dev.podbench.terminal.shell;

import java.util.Arrays;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;

import io.smallrye.mutiny.Uni;

/**
 * Moves a shell's output to one WebSocket with end-to-end flow control.
 *
 * <p>Demand is the only brake: the pump requests one chunk at a time from the demand-driven output stream, so
 * when it stops requesting, the runtime stops reading the PTY and the program blocks on its full terminal.
 * It stops requesting when the client has more than the high mark unacknowledged (and until it drops to the
 * low mark), and when a batch of {@code maxFrame} bytes is already waiting behind the frame in flight. That one
 * batch of read-ahead lets PTY reads overlap socket writes, which is most of the throughput, while keeping
 * the memory per terminal bounded by about two frames.
 *
 * <p>Redraw pacing (tmux terminals): after a large frame the next read waits for the pacing interval. tmux draws
 * its screen for its client in the gateway's PTY; a client that drains every redraw at once makes tmux draw
 * again and again during a flood of output, and that drawing takes the CPU tmux needs to consume the flood
 * (measured on 2 cores: 30 % more throughput with 16 ms between reads, 55 % with 50 ms). A frame from an idle
 * terminal, and every small one (echoed keys, a prompt), goes out at once and never waits.
 *
 * <p>Thread-safety: items arrive on the runtime's reader thread, acks and send completions on the event loop.
 * State changes happen under the monitor; sending and requesting happen outside it.
 */
final class OutputPump implements Flow.Subscriber<byte[]> {

    /** Runs an action once, after a delay (a Vert.x timer in the gateway). */
    interface Timer {
        void after(long delayNanos, Runnable action);
    }

    /**
     * @param threshold     a frame of at least this many bytes makes the next read wait
     * @param intervalNanos how long after such a frame
     */
    record Pacing(int threshold, long intervalNanos, LongSupplier clock, Timer timer) {
        static final Pacing NONE = new Pacing(Integer.MAX_VALUE, 0, System::nanoTime, (delay, action) -> action.run());
    }

    private final Function<byte[], Uni<Void>> sender;
    private final Consumer<byte[]> observer;
    private final Runnable onPause;
    private final Consumer<Throwable> onEnd;
    private final int highMark;
    private final int lowMark;
    private final int maxFrame;
    private final Pacing pacing;

    private Flow.Subscription upstream;
    private static final byte[] EMPTY = new byte[0];

    private byte[] pending = EMPTY;
    private int pendingLength;
    private boolean requested;
    private boolean sending;
    private boolean paused;
    private boolean upstreamDone;
    private Throwable upstreamFailure;
    private boolean stopped;
    private long sent;
    private long acked;
    private boolean readsWait;
    private long readsWaitUntil;
    private boolean wakeScheduled;

    /**
     * @param sender   sends one binary frame; the returned Uni completes once it is written
     * @param observer sees every frame before it is sent (URL scanning)
     * @param onPause  called each time the high mark stops the reading
     * @param onEnd    called once after the last frame of a finished stream was sent (null) or on failure
     */
    OutputPump(Function<byte[], Uni<Void>> sender, Consumer<byte[]> observer, Runnable onPause,
            Consumer<Throwable> onEnd, int highMark, int lowMark, int maxFrame, Pacing pacing) {
        this.sender = sender;
        this.observer = observer;
        this.onPause = onPause;
        this.onEnd = onEnd;
        this.highMark = highMark;
        this.lowMark = Math.min(lowMark, highMark);
        this.maxFrame = maxFrame;
        this.pacing = pacing;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        synchronized (this) {
            upstream = subscription;
        }
        drive();
    }

    @Override
    public void onNext(byte[] chunk) {
        synchronized (this) {
            requested = false;
            if (stopped) {
                return;
            }
            if (pending.length < pendingLength + chunk.length) {
                pending = Arrays.copyOf(pending, pendingLength == 0 ? chunk.length
                        : Math.max(pendingLength + chunk.length, Math.min(maxFrame, 2 * pending.length)));
            }
            System.arraycopy(chunk, 0, pending, pendingLength, chunk.length);
            pendingLength += chunk.length;
        }
        drive();
    }

    @Override
    public void onError(Throwable failure) {
        synchronized (this) {
            upstreamDone = true;
            upstreamFailure = failure;
        }
        drive();
    }

    @Override
    public void onComplete() {
        synchronized (this) {
            upstreamDone = true;
        }
        drive();
    }

    /** The client has rendered {@code bytes} more bytes. */
    void ack(long bytes) {
        if (bytes <= 0) {
            return;
        }
        synchronized (this) {
            acked = Math.min(sent, acked + bytes);
        }
        drive();
    }

    /** Stops pumping and cancels the stream (connection closed). */
    void stop() {
        Flow.Subscription toCancel;
        synchronized (this) {
            if (stopped) {
                return;
            }
            stopped = true;
            pending = EMPTY;
            pendingLength = 0;
            toCancel = upstream;
        }
        if (toCancel != null) {
            toCancel.cancel();
        }
    }

    synchronized long unacknowledged() {
        return sent - acked;
    }

    private void drive() {
        byte[] frame = null;
        boolean request = false;
        boolean pausedNow = false;
        boolean finished = false;
        long wakeIn = 0;
        Throwable failure = null;
        Flow.Subscription subscription;
        synchronized (this) {
            if (stopped || upstream == null) {
                return;
            }
            subscription = upstream;
            if (!sending && pendingLength > 0) {
                frame = Arrays.copyOf(pending, pendingLength);
                pendingLength = 0;
                // Hold no buffer between bursts: 200 idle terminals should cost nothing here.
                pending = EMPTY;
                sending = true;
                sent += frame.length;
                if (frame.length >= pacing.threshold()) {
                    readsWait = true;
                    readsWaitUntil = pacing.clock().getAsLong() + pacing.intervalNanos();
                }
            }
            long unacked = sent - acked;
            if (paused && unacked <= lowMark) {
                paused = false;
            } else if (!paused && unacked > highMark) {
                paused = true;
                pausedNow = true;
            }
            if (upstreamDone) {
                if (!sending && pendingLength == 0) {
                    stopped = true;
                    finished = true;
                    failure = upstreamFailure;
                }
            } else if (!requested && !paused && pendingLength < maxFrame) {
                // nanoTime values are only comparable as differences (they may be negative)
                long wait = readsWait ? readsWaitUntil - pacing.clock().getAsLong() : 0;
                if (wait <= 0) {
                    readsWait = false;
                    requested = true;
                    request = true;
                } else if (!wakeScheduled) {
                    wakeScheduled = true;
                    wakeIn = wait;
                }
            }
        }
        if (pausedNow) {
            onPause.run();
        }
        if (frame != null) {
            observer.accept(frame);
            sender.apply(frame).subscribe().with(ok -> sent(), this::sendFailed);
        }
        if (request) {
            subscription.request(1);
        }
        if (wakeIn > 0) {
            pacing.timer().after(wakeIn, this::wake);
        }
        if (finished) {
            onEnd.accept(failure);
        }
    }

    private void wake() {
        synchronized (this) {
            wakeScheduled = false;
        }
        drive();
    }

    private void sent() {
        synchronized (this) {
            sending = false;
        }
        drive();
    }

    private void sendFailed(Throwable failure) {
        stop();
        onEnd.accept(failure);
    }
}
