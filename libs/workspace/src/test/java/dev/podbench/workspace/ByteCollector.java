package dev.podbench.workspace.local;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A test subscriber that requests explicitly and records bytes, chunks and termination. */
final class ByteCollector implements Flow.Subscriber<byte[]> {

    private final boolean keep;
    private final long initialRequest;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final AtomicLong total = new AtomicLong();
    final AtomicInteger chunks = new AtomicInteger();
    final AtomicInteger largestChunk = new AtomicInteger();
    volatile boolean completed;
    volatile Throwable failure;
    private volatile Flow.Subscription subscription;

    ByteCollector(long initialRequest, boolean keep) {
        this.initialRequest = initialRequest;
        this.keep = keep;
    }

    /** Requests everything, keeps the bytes. */
    static ByteCollector unbounded() {
        return new ByteCollector(Long.MAX_VALUE, true);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (initialRequest > 0) {
            s.request(initialRequest);
        }
    }

    @Override
    public void onNext(byte[] item) {
        chunks.incrementAndGet();
        total.addAndGet(item.length);
        largestChunk.accumulateAndGet(item.length, Math::max);
        if (keep) {
            synchronized (bytes) {
                bytes.writeBytes(item);
            }
        }
    }

    @Override
    public void onError(Throwable t) {
        failure = t;
    }

    @Override
    public void onComplete() {
        completed = true;
    }

    void request(long n) {
        subscription.request(n);
    }

    void cancel() {
        subscription.cancel();
    }

    String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
