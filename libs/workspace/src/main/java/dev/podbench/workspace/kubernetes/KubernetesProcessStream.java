package dev.podbench.workspace.kubernetes;

import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import dev.podbench.workspace.TtySize;
import dev.podbench.workspace.internal.InputWriter;
import dev.podbench.workspace.internal.PublishedProcessStream;
import dev.podbench.workspace.internal.StreamPublisher;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.smallrye.mutiny.Uni;

/**
 * A command running through the exec API as a {@link ProcessStream}: stdout (channel 1, or the TTY), stderr
 * (channel 2, without TTY), stdin (channel 0), resize (channel 4), exit status (channel 3).
 *
 * <p>Output is read by a {@link StreamPublisher} thread only while there is demand. fabric8 asks the WebSocket for
 * the next message only once its own small buffer (32 KiB) has been read, so without demand the connection stops
 * being read, TCP pushes back and the kubelet stops reading the process: the process blocks on its own output.
 * stdout and stderr share the connection, so an unread stderr holds stdout up as well (subscribe to both).
 *
 * <p>Limits of the v4 channel protocol that fabric8 7.x speaks: stdin cannot be half-closed, so
 * {@link #closeInput()} sends Ctrl-D on a TTY and is not supported without one; {@link #kill()} closes the
 * connection, which hangs a TTY up (SIGHUP to its session) but leaves a process without TTY running until it next
 * writes (SIGPIPE). The exit code after a kill is 129 (TTY) or 143.
 */
final class KubernetesProcessStream extends PublishedProcessStream {

    private static final Logger LOG = Logger.getLogger(KubernetesProcessStream.class);
    private static final byte CTRL_D = 4;
    private static final AtomicInteger IDS = new AtomicInteger();

    private final ExecWatch watch;
    private final String name;
    private final String podName;
    private final OutputStream input;
    private final InputWriter writer;
    private final CompletableFuture<Integer> exit;
    private final AtomicBoolean killed = new AtomicBoolean();

    KubernetesProcessStream(ExecWatch watch, ExecStatusListener status, boolean tty, String podName, String program,
            Consumer<KubernetesProcessStream> onExit) {
        this(watch, status, tty, podName, podName + "-" + IDS.incrementAndGet(), program, onExit);
    }

    private KubernetesProcessStream(ExecWatch watch, ExecStatusListener status, boolean tty, String podName,
            String name, String program, Consumer<KubernetesProcessStream> onExit) {
        super(tty, publisher(watch, watch.getOutput(), (tty ? "exec-tty-" : "exec-stdout-") + name),
                tty ? null : publisher(watch, watch.getError(), "exec-stderr-" + name));
        this.watch = watch;
        this.podName = podName;
        this.name = name;
        CompletableFuture<Integer> raw = watch.exitCode();
        this.input = watch.getInput();
        this.exit = raw.handle((code, error) -> {
            if (error != null) {
                if (killed.get()) {
                    return 128 + (tty ? ExecStatusListener.SIGHUP : ExecStatusListener.SIGTERM);
                }
                throw error instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(error);
            }
            return status.exitCode(code, killed.get() ? (tty ? ExecStatusListener.SIGHUP : ExecStatusListener.SIGTERM)
                    : 0, program);
        });
        this.writer = new InputWriter("exec-writer-" + name, "exec " + name, exit::isDone);
        this.exit.whenComplete((code, error) -> {
            writer.shutdown();
            if (onExit != null) {
                onExit.accept(this);
            }
        });
    }

    /** A closed connection is the end of the stream once the exec has reported its exit. */
    private static StreamPublisher publisher(ExecWatch watch, java.io.InputStream in, String threadName) {
        CompletableFuture<Integer> raw = watch.exitCode();
        return new StreamPublisher(in, threadName, null, () -> raw.isDone() && !raw.isCompletedExceptionally());
    }

    String podName() {
        return podName;
    }

    boolean hasExited() {
        return exit.isDone();
    }

    @Override
    public Uni<Void> write(byte[] bytes) {
        byte[] copy = bytes.clone();
        return writer.enqueue(() -> {
            if (exit.isDone() || killed.get()) {
                throw new IOException("exec " + name + " has ended");
            }
            input.write(copy);
            input.flush();
        });
    }

    /** Writes without copying, for the runtime's own first bytes (the environment block). */
    void writeNow(byte[] bytes) throws IOException {
        input.write(bytes);
        input.flush();
    }

    @Override
    public void closeInput() {
        if (!tty) {
            LOG.debugf("exec %s: closing stdin is not supported by the v4 exec protocol; ignored", name);
            return;
        }
        write(new byte[] { CTRL_D }).subscribe().with(v -> {
        }, e -> LOG.debugf(e, "closing input of exec %s", name));
    }

    @Override
    public void resize(TtySize size) {
        if (!tty || size == null || exit.isDone()) {
            return;
        }
        try {
            watch.resize(size.cols(), size.rows());
        } catch (RuntimeException e) {
            LOG.debugf(e, "resizing exec %s", name);
        }
    }

    @Override
    public Uni<Integer> exitCode() {
        return Uni.createFrom().completionStage(exit::copy);
    }

    @Override
    public void kill() {
        if (exit.isDone() || !killed.compareAndSet(false, true)) {
            return;
        }
        // unsubscribed outputs: mark them so the close reads as end of stream
        output.closing();
        if (errors != null) {
            errors.closing();
        }
        watch.close();
    }

    @Override
    public String toString() {
        return "exec[" + name + (tty ? ", tty" : "") + "]";
    }
}
