package dev.podbench.workspace;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A running process as a non-blocking duplex byte stream.
 *
 * <p>Backpressure: {@link #output()} is demand-driven. The implementation reads from the process
 * (PTY, pipe or exec channel) only while the subscriber has outstanding demand, so a subscriber
 * that stops requesting stops the reading, and the process blocks on its own full output buffer.
 * At most one chunk (of at most {@link #MAX_CHUNK} bytes) is read ahead. Chunks are batched: a read returns
 * whatever is available up to the chunk size, not single bytes. Items may be emitted on an implementation
 * thread (never block in {@code onNext}; hop to your own context if needed).
 *
 * <p>A subscriber that cancels gives the stream up: the implementation then consumes and discards the rest, so an
 * abandoned stream never stalls the process. To stop the process, call {@link #kill()}. A plain process'
 * {@link #errors()} must be subscribed too (or subscribed and cancelled), or the process may block on a full stderr.
 */
public interface ProcessStream {

    int MAX_CHUNK = 64 * 1024;

    /**
     * Output bytes: stdout, or stdout and stderr merged for a TTY. Single subscriber. Completes when the
     * process has closed its output; fails only on an I/O error of the transport.
     */
    Multi<byte[]> output();

    /** Standard error of a process without TTY (empty for a TTY). Single subscriber, demand-driven as well. */
    Multi<byte[]> errors();

    /**
     * Writes input bytes. Writes are delivered in call order; the returned {@link Uni} completes once the bytes
     * were handed to the process (or fails if it has gone).
     */
    Uni<Void> write(byte[] bytes);

    /** Closes the process' standard input (EOF). */
    void closeInput();

    /** Resizes the TTY (SIGWINCH reaches the program). Ignored without a TTY. */
    void resize(TtySize size);

    /** Completes with the exit code once the process has ended (128 + signal when killed by a signal). */
    Uni<Integer> exitCode();

    /** Ends the process (and, for a TTY, hangs the terminal up). Idempotent. */
    void kill();
}
