package dev.podbench.workspace.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

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
}
