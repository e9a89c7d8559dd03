package dev.podbench.workspace.internal;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** Shared by the runtimes; not part of the SPI. Named daemon platform threads with a small stack: readers, writers and waiters spend their life in syscalls. */
public final class DaemonThreads {

    public static final long STACK_SIZE = 256 * 1024;

    private DaemonThreads() {
    }

    public static Thread start(String name, Runnable body) {
        Thread t = new Thread(null, body, name, STACK_SIZE);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** A factory naming its threads {@code prefix} (when {@code numbered} is false) or {@code prefix-N}. */
    public static ThreadFactory factory(String prefix, boolean numbered) {
        AtomicInteger counter = new AtomicInteger();
        return r -> {
            String name = numbered ? prefix + "-" + counter.incrementAndGet() : prefix;
            Thread t = new Thread(null, r, name, STACK_SIZE);
            t.setDaemon(true);
            return t;
        };
    }
}
