package dev.podbench.workspace.internal;

import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.podbench.workspace.Command;
import dev.podbench.workspace.CommandResult;
import dev.podbench.workspace.CommandTimeoutException;

/**
 * A command run to completion, the same way on every runtime: stdout and stderr drained by two short-lived daemon
 * threads into bounded sinks (bytes beyond the limit are read and dropped, so the process never blocks on a full
 * pipe), the command's timeout enforced by {@code kill}, the result once the process exited and its pipes ended.
 */
public final class CollectedRun {

    /** How long to wait, after the process exited, for its pipes to reach end of stream (a daemonized grandchild
     * may hold them open forever). */
    public static final long PIPE_GRACE_MILLIS = 2000;
    /** The exit code reported for a run that timed out (killed, as by SIGKILL). */
    public static final int TIMED_OUT_EXIT = 128 + 9;

    private CollectedRun() {
    }

    /**
     * @param name     names the drain threads ({@code name-stdout}, {@code name-stderr})
     * @param exitCode the process' exit code; its failure fails the run unless the run timed out
     * @param kill     ends the process when the timeout strikes
     */
    public static CompletableFuture<CommandResult> collect(Command command, String name, InputStream stdout,
            InputStream stderr, CompletableFuture<Integer> exitCode, Runnable kill, ScheduledExecutorService scheduler) {
        BoundedSink out = new BoundedSink(command.maxOutputBytes());
        BoundedSink err = new BoundedSink(command.maxOutputBytes());
        CompletableFuture<Void> outDone = out.drainInBackground(stdout, name + "-stdout");
        CompletableFuture<Void> errDone = err.drainInBackground(stderr, name + "-stderr");
        AtomicBoolean timedOut = new AtomicBoolean();
        Duration timeout = command.timeout();
        ScheduledFuture<?> timer = null;
        if (timeout != null && !timeout.isNegative() && !timeout.isZero()) {
            try {
                timer = scheduler.schedule(() -> {
                    timedOut.set(true);
                    kill.run();
                }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                kill.run();
                return CompletableFuture.failedFuture(e);
            }
        }
        ScheduledFuture<?> timerRef = timer;
        String program = command.argv().get(0);
        return exitCode
                .handle((code, error) -> {
                    if (timerRef != null) {
                        timerRef.cancel(false);
                    }
                    if (timedOut.get()) {
                        return TIMED_OUT_EXIT;
                    }
                    if (error != null) {
                        throw error instanceof CompletionException c ? c : new CompletionException(error);
                    }
                    return code;
                })
                .thenCompose(code -> CompletableFuture.allOf(outDone, errDone)
                        .completeOnTimeout(null, PIPE_GRACE_MILLIS, TimeUnit.MILLISECONDS)
                        .thenApply(v -> {
                            CommandResult result = new CommandResult(code, out.text(), err.text(),
                                    out.truncated() || err.truncated());
                            if (timedOut.get()) {
                                throw new CommandTimeoutException(program, timeout, result);
                            }
                            return result;
                        }));
    }
}
