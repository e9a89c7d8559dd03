package dev.podbench.workspace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A test subscriber that requests explicitly and records bytes, chunks and termination. */
public final class ByteCollector implements Flow.Subscriber<byte[]> {

    private final boolean keep;
    private final long initialRequest;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    public final AtomicLong total = new AtomicLong();
    public final AtomicInteger chunks = new AtomicInteger();
    public final AtomicInteger largestChunk = new AtomicInteger();
    public volatile boolean completed;
    public volatile Throwable failure;
    private volatile Flow.Subscription subscription;

    public ByteCollector(long initialRequest, boolean keep) {
        this.initialRequest = initialRequest;
        this.keep = keep;
    }

    /** Requests everything, keeps the bytes. */
    public static ByteCollector unbounded() {
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

    public void request(long n) {
        subscription.request(n);
    }

    public void cancel() {
        subscription.cancel();
    }

    public String text() {
        synchronized (bytes) {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
