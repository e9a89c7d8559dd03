package dev.podbench.terminal.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.smallrye.mutiny.Uni;

/**
 * The last {@code capacity} bytes of a plain (tmux-less) shell's output, read by any number of viewers at their
 * own pace. A viewer that falls more than the capacity behind skips ahead, as tmux would redraw: the shell is
 * never slowed down by a viewer and memory stays fixed.
 */
final class ReplayBuffer {

    /** Bytes and the position right after them. */
    record Slice(long end, byte[] bytes) {
    }

    static final Slice END = new Slice(-1, new byte[0]);

    private final byte[] ring;
    private long written;
    private boolean closed;
    private List<CompletableFuture<Void>> waiting = new ArrayList<>();

    ReplayBuffer(int capacity) {
        this.ring = new byte[capacity];
    }

    void append(byte[] bytes) {
        List<CompletableFuture<Void>> wake;
        synchronized (this) {
            int offset = Math.max(0, bytes.length - ring.length);
            for (int i = offset; i < bytes.length; ) {
                int at = (int) ((written + i) % ring.length);
                int n = Math.min(bytes.length - i, ring.length - at);
                System.arraycopy(bytes, i, ring, at, n);
                i += n;
            }
            written += bytes.length;
            wake = takeWaiting();
        }
        wake.forEach(f -> f.complete(null));
    }

    void close() {
        List<CompletableFuture<Void>> wake;
        synchronized (this) {
            closed = true;
            wake = takeWaiting();
        }
        wake.forEach(f -> f.complete(null));
    }

    /** The oldest position still held: where a new viewer starts, so it sees the recent screen. */
    synchronized long oldest() {
        return Math.max(0, written - ring.length);
    }

    /** Up to {@code max} bytes from {@code from} (or the oldest byte still held), waiting for output if none; END once closed. */
    Uni<Slice> read(long from, int max) {
        return Uni.createFrom().deferred(() -> {
            CompletableFuture<Void> more;
            synchronized (this) {
                if (from < written) {
                    long start = Math.max(from, written - ring.length);
                    int length = (int) Math.min(written - start, max);
                    byte[] out = new byte[length];
                    for (int i = 0; i < length; ) {
                        int at = (int) ((start + i) % ring.length);
                        int n = Math.min(length - i, ring.length - at);
                        System.arraycopy(ring, at, out, i, n);
                        i += n;
                    }
                    return Uni.createFrom().item(new Slice(start + length, out));
                }
                if (closed) {
                    return Uni.createFrom().item(END);
                }
                more = new CompletableFuture<>();
                waiting.add(more);
            }
            return Uni.createFrom().completionStage(more).chain(() -> read(from, max));
        });
    }

    private List<CompletableFuture<Void>> takeWaiting() {
        List<CompletableFuture<Void>> wake = waiting;
        waiting = new ArrayList<>();
        return wake;
    }
}
