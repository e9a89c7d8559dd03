package dev.podbench.workspace.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.jboss.logging.Logger;

import dev.podbench.workspace.ProcessStream;

/**
 * Publishes an {@link InputStream} (pipe, PTY master or an exec channel) as chunks, strictly demand-driven.
 * Shared by the runtimes; not part of the SPI.
 *
 * <p>One platform thread, started when the single subscriber arrives, performs blocking reads <em>only</em> while
 * the subscriber has outstanding demand: with no demand nothing is read, the kernel buffer fills up and the
 * process blocks on its own write. No read-ahead at all: each read is delivered at once. A read returns whatever is
 * available, up to the read size given (at most {@link ProcessStream#MAX_CHUNK} bytes).
 *
 * <p>After the subscriber cancels, the thread keeps reading and discards the bytes until end of stream, so an
 * abandoned stream never blocks the process (callers that want the process stopped call {@code kill()}).
 * End of stream, or an I/O error once the stream was closed on purpose, completes the subscriber; any other I/O
 * error fails it. Signals are emitted on the reader thread.
 */
public final class StreamPublisher implements Flow.Publisher<byte[]> {

    private static final Logger LOG = Logger.getLogger(StreamPublisher.class);

    private final InputStream in;
    private final String threadName;
    private final int readSize;
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private final Object lock = new Object();
    private final Runnable onFinished;
    private final BooleanSupplier errorMeansEnd;
    private volatile boolean closedOnPurpose;

    // guarded by lock
    private long demand;
    private boolean cancelled;
    private IllegalArgumentException badRequest;

    /**
     * @param readSize the most one read asks for, at most {@link ProcessStream#MAX_CHUNK}
     */
    public StreamPublisher(InputStream in, String threadName, int readSize) {
        this(in, threadName, readSize, null, () -> false);
    }

    /**
     * Reads up to {@link ProcessStream#MAX_CHUNK} at a time.
     *
     * @param onFinished    runs on the reader thread once the stream is exhausted and closed (may be {@code null})
     * @param errorMeansEnd asked when a read fails: {@code true} turns the error into end of stream (for streams
     *                      that report the end of their process as an error, like an exec channel after a non-zero
     *                      exit)
     */
    public StreamPublisher(InputStream in, String threadName, Runnable onFinished, BooleanSupplier errorMeansEnd) {
        this(in, threadName, ProcessStream.MAX_CHUNK, onFinished, errorMeansEnd);
    }

    /**
     * @param readSize      the most one read asks for, at most {@link ProcessStream#MAX_CHUNK}
     * @param onFinished    runs on the reader thread once the stream is exhausted and closed (may be {@code null})
     * @param errorMeansEnd asked when a read fails: {@code true} turns the error into end of stream (for streams
     *                      that report the end of their process as an error, like an exec channel after a non-zero
     *                      exit)
     */
    private StreamPublisher(InputStream in, String threadName, int readSize, Runnable onFinished,
            BooleanSupplier errorMeansEnd) {
        if (readSize < 1 || readSize > ProcessStream.MAX_CHUNK) {
            throw new IllegalArgumentException("read size must be 1.." + ProcessStream.MAX_CHUNK + ", was " + readSize);
        }
        this.in = in;
        this.threadName = threadName;
        this.readSize = readSize;
        this.onFinished = onFinished;
        this.errorMeansEnd = errorMeansEnd;
    }

    public boolean isSubscribed() {
        return subscribed.get();
    }

    /** Marks the stream as deliberately closed: a read error from now on means end of stream. */
    public void closing() {
        closedOnPurpose = true;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super byte[]> subscriber) {
        if (!subscribed.compareAndSet(false, true)) {
            subscriber.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                }

                @Override
                public void cancel() {
                }
            });
            subscriber.onError(new IllegalStateException("this stream allows a single subscriber"));
            return;
        }
        subscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                synchronized (lock) {
                    if (cancelled) {
                        return;
                    }
                    if (n <= 0) {
                        badRequest = new IllegalArgumentException("§3.9: request must be positive, was " + n);
                    } else {
                        demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                    }
                    lock.notifyAll();
                }
            }

            @Override
            public void cancel() {
                synchronized (lock) {
                    cancelled = true;
                    lock.notifyAll();
                }
            }
        });
        DaemonThreads.start(threadName, () -> pump(subscriber));
    }

    private void pump(Flow.Subscriber<? super byte[]> subscriber) {
        byte[] buffer = new byte[readSize];
        boolean terminated = false;
        try {
            while (true) {
                IllegalArgumentException error;
                synchronized (lock) {
                    while (demand == 0 && !cancelled && badRequest == null) {
                        lock.wait();
                    }
                    if (cancelled) {
                        break;
                    }
                    error = badRequest;
                }
                if (error != null) {
                    terminated = true;
                    subscriber.onError(error);
                    break;
                }
                int n;
                try {
                    n = in.read(buffer, 0, buffer.length);
                } catch (IOException e) {
                    terminated = true;
                    if (closedOnPurpose || errorMeansEnd.getAsBoolean()) {
                        subscriber.onComplete();
                    } else {
                        subscriber.onError(e);
                    }
                    return;
                }
                if (n < 0) {
                    terminated = true;
                    subscriber.onComplete();
                    return;
                }
                if (n == 0) {
                    continue;
                }
                synchronized (lock) {
                    if (cancelled) {
                        break;
                    }
                    if (demand != Long.MAX_VALUE) {
                        demand--;
                    }
                }
                subscriber.onNext(Arrays.copyOf(buffer, n));
            }
            // cancelled (or failed on a bad request): drain and discard so the process never blocks on us
            drain(buffer);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a misbehaving subscriber (onNext must not throw); stop talking to it but keep the process unblocked
            LOG.debugf(e, "subscriber of %s threw; draining", threadName);
            if (!terminated) {
                try {
                    drain(buffer);
                } catch (RuntimeException ignored) {
                    // nothing more to do
                }
            }
        } finally {
            closeQuietly();
            if (onFinished != null) {
                onFinished.run();
            }
        }
    }

    private void drain(byte[] buffer) {
        try {
            while (in.read(buffer, 0, buffer.length) >= 0) {
                // discard
            }
        } catch (IOException e) {
            // end of stream for our purposes
        }
    }

    private void closeQuietly() {
        closedOnPurpose = true;
        try {
            in.close();
        } catch (IOException e) {
            LOG.tracef(e, "closing %s", threadName);
        }
    }
}
