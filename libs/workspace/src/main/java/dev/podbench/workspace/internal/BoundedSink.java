package dev.podbench.workspace.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;

/** Shared by the runtimes; not part of the SPI. Keeps the first {@code limit} bytes of a stream, counts the rest as dropped. */
public final class BoundedSink {
    private final int limit;
    private byte[] kept = new byte[0];
    private int size;
    private volatile boolean truncated;

    public BoundedSink(int limit) {
        this.limit = limit;
    }

    public synchronized void accept(byte[] buffer, int n) {
        int take = Math.min(limit - size, n);
        if (take > 0) {
            if (size + take > kept.length) {
                int capacity = Math.min(limit, Math.max(size + take, Math.max(256, kept.length * 2)));
                kept = Arrays.copyOf(kept, capacity);
            }
            System.arraycopy(buffer, 0, kept, size, take);
            size += take;
        }
        if (take < n) {
            truncated = true;
        }
    }

    /** The kept bytes, decoded as UTF-8. */
    public synchronized String text() {
        return new String(kept, 0, size, StandardCharsets.UTF_8);
    }

    public boolean truncated() {
        return truncated;
    }

    /**
     * Reads {@code in} to its end on a daemon thread of its own, keeping what fits; completes when the stream
     * has ended or broken (a broken pipe or an exec that reports its exit as an error keeps what was read).
     */
    public CompletableFuture<Void> drainInBackground(InputStream in, String threadName) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        DaemonThreads.start(threadName, () -> {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    accept(buffer, n);
                }
            } catch (IOException e) {
                // the stream ended abnormally: what was read stays
            } finally {
                done.complete(null);
            }
        });
        return done;
    }
}
