package dev.podbench.workspace.internal;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.smallrye.mutiny.Uni;

/**
 * Writes to a process' input in call order on one thread that exits when idle, with a bounded number of pending
 * writes (a writer that does not await its writes gets an error rather than unbounded memory). Shared by the
 * runtimes' streams; not part of the SPI.
 */
public final class InputWriter {

    public static final int MAX_PENDING_WRITES = 1024;

    /** A write or close of the input. */
    public interface IoAction {
        void run() throws IOException;
    }

    private final String what;
    private final BooleanSupplier ended;
    private final ThreadPoolExecutor writer;

    /**
     * @param what   the process as messages name it ({@code process 42}, {@code exec pod-1})
     * @param ended  whether the process has ended (a refused write then says so)
     */
    public InputWriter(String threadName, String what, BooleanSupplier ended) {
        this.what = what;
        this.ended = ended;
        this.writer = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(MAX_PENDING_WRITES),
                DaemonThreads.factory(threadName, false));
        this.writer.allowCoreThreadTimeOut(true);
    }

    /** Queues {@code action} behind the earlier ones; the Uni completes once it ran (fails with an IOException). */
    public Uni<Void> enqueue(IoAction action) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        try {
            writer.execute(() -> {
                try {
                    action.run();
                    done.complete(null);
                } catch (IOException | RuntimeException e) {
                    done.completeExceptionally(e instanceof IOException ? e : new IOException(e.getMessage(), e));
                }
            });
        } catch (RejectedExecutionException e) {
            done.completeExceptionally(ended.getAsBoolean()
                    ? new IOException(what + " has ended")
                    : new IOException("more than " + MAX_PENDING_WRITES + " writes pending for " + what
                            + "; await the returned Uni before writing more"));
        }
        return Uni.createFrom().completionStage(done);
    }

    /** The process ended: the thread goes once the queued writes are done. */
    public void shutdown() {
        writer.shutdown();
    }
}
