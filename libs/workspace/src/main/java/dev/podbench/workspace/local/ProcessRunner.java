package dev.podbench.workspace.local;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.podbench.workspace.Command;
import dev.podbench.workspace.CommandResult;
import dev.podbench.workspace.CommandTimeoutException;
import dev.podbench.workspace.internal.BoundedSink;

/**
 * Runs a plain process to completion, collecting bounded stdout and stderr.
 *
 * <p>{@link #start} must be called on a thread that may block (it forks); the returned future completes later from
 * the JDK's process reaper. Each output stream is drained by its own short-lived daemon thread: bytes beyond the
 * limit are read and dropped so the child never blocks on a full pipe. A timeout kills the whole process tree.
 */
final class ProcessRunner {

    /** How long to wait, after the process exited, for its pipes to reach end of stream (a daemonized grandchild
     * may hold them open forever). */
    static final long PIPE_GRACE_MILLIS = 2000;

    private final ScheduledExecutorService scheduler;

    ProcessRunner(ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
    }

    CompletableFuture<CommandResult> start(Command command, Path workingDir, Map<String, String> env) {
        ProcessBuilder builder = new ProcessBuilder(command.argv())
                .directory(workingDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        long pid = process.pid();
        BoundedSink out = new BoundedSink(command.maxOutputBytes());
        BoundedSink err = new BoundedSink(command.maxOutputBytes());
        CompletableFuture<Void> outDone = out.drainInBackground(process.getInputStream(), "run-stdout-" + pid);
        CompletableFuture<Void> errDone = err.drainInBackground(process.getErrorStream(), "run-stderr-" + pid);

        AtomicBoolean timedOut = new AtomicBoolean();
        Duration timeout = command.timeout();
        ScheduledFuture<?> timer = null;
        if (timeout != null && !timeout.isNegative() && !timeout.isZero()) {
            try {
                timer = scheduler.schedule(() -> {
                    timedOut.set(true);
                    killTree(process);
                }, timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                killTree(process);
                return CompletableFuture.failedFuture(e);
            }
        }
        ScheduledFuture<?> timerRef = timer;
        return process.onExit()
                .thenCompose(p -> {
                    if (timerRef != null) {
                        timerRef.cancel(false);
                    }
                    return CompletableFuture.allOf(outDone, errDone)
                            .completeOnTimeout(null, PIPE_GRACE_MILLIS, TimeUnit.MILLISECONDS);
                })
                .thenApply(v -> {
                    CommandResult result = new CommandResult(process.exitValue(), out.text(), err.text(),
                            out.truncated() || err.truncated());
                    if (timedOut.get()) {
                        throw new CommandTimeoutException(command.argv().get(0), timeout, result);
                    }
                    return result;
                });
    }

    static void killTree(Process process) {
        List<ProcessHandle> descendants = new ArrayList<>();
        process.descendants().forEach(descendants::add);
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }

}
