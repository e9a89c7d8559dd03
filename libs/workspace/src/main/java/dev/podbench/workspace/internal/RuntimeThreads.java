package dev.podbench.workspace.internal;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.smallrye.mutiny.Uni;

/**
 * A runtime's threads: where its blocking work runs (the caller's executor, or an owned bounded pool of daemon
 * threads) and one timer thread for timeouts and kill grace periods. Shared by the runtimes; not part of the SPI.
 */
public final class RuntimeThreads implements AutoCloseable {

    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final ScheduledThreadPoolExecutor scheduler;

    /** @param executor where blocking work runs; {@code null} for an owned pool named {@code prefix-blocking-N} */
    public RuntimeThreads(String prefix, Executor executor) {
        if (executor == null) {
            int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
            ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(10_000), DaemonThreads.factory(prefix + "-blocking", true));
            pool.allowCoreThreadTimeOut(true);
            this.ownedExecutor = pool;
            this.executor = pool;
        } else {
            this.ownedExecutor = null;
            this.executor = executor;
        }
        this.scheduler = new ScheduledThreadPoolExecutor(1, DaemonThreads.factory(prefix + "-timer", true));
        this.scheduler.setRemoveOnCancelPolicy(true);
    }

    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Runs {@code task} on the blocking executor; a full executor fails the future instead of throwing. */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(task.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    /** Starts asynchronous work whose start blocks (a fork, an exec handshake). */
    public <T> CompletableFuture<T> submitCompose(Callable<? extends CompletionStage<T>> task) {
        return submit(task).thenCompose(stage -> stage);
    }

    /** {@link #submit} as a lazy Uni: each subscription runs the task once. */
    public <T> Uni<T> blocking(Callable<T> task) {
        return Uni.createFrom().completionStage(() -> submit(task));
    }

    /** Stops the timer and the owned pool (a given executor stays the caller's). */
    @Override
    public void close() {
        scheduler.shutdown();
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
    }
}
