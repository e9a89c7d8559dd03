package dev.podbench.workspace.local;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.jboss.logging.Logger;

import com.pty4j.PtyProcess;

import dev.podbench.workspace.internal.DaemonThreads;

/**
 * Notices the exit of a runtime's PTY processes with one periodic check on the runtime's timer, instead of a thread
 * per PTY blocked in {@code waitFor()}: pty4j reaps each child on a thread of its own and offers no exit callback,
 * only {@code isAlive()} and {@code waitFor()}. The check runs only while some PTY is alive; it costs a synchronized
 * field read per PTY, and an exit is seen at most one interval late.
 */
final class PtyExitWatcher {

    private static final Logger LOG = Logger.getLogger(PtyExitWatcher.class);

    private final ScheduledExecutorService scheduler;
    private final long intervalMillis;
    private final Map<PtyProcess, IntConsumer> watched = new ConcurrentHashMap<>();
    // guarded by this
    private ScheduledFuture<?> check;

    PtyExitWatcher(ScheduledExecutorService scheduler, long intervalMillis) {
        this.scheduler = scheduler;
        this.intervalMillis = intervalMillis;
    }

    /** Calls {@code onExit} with the exit code once {@code process} has ended (on the runtime's timer thread). */
    void watch(PtyProcess process, IntConsumer onExit) {
        watched.put(process, onExit);
        synchronized (this) {
            if (check == null) {
                try {
                    check = scheduler.scheduleWithFixedDelay(this::checkAll, intervalMillis, intervalMillis,
                            TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException e) {
                    // the runtime is closing; it kills its processes, this one still gets its exit code
                    watched.remove(process);
                    waitOnOwnThread(process, onExit);
                }
            }
        }
    }

    int watchedCount() {
        return watched.size();
    }

    private void checkAll() {
        watched.forEach((process, onExit) -> {
            if (!process.isAlive() && watched.remove(process, onExit)) {
                try {
                    onExit.accept(process.exitValue());
                } catch (RuntimeException e) {
                    LOG.debugf(e, "exit callback of pty %d failed", process.pid());
                }
            }
        });
        synchronized (this) {
            if (watched.isEmpty() && check != null) {
                check.cancel(false);
                check = null;
            }
        }
    }

    private static void waitOnOwnThread(PtyProcess process, IntConsumer onExit) {
        DaemonThreads.start("pty-exit-" + process.pid(), () -> {
            try {
                onExit.accept(process.waitFor());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }
}
