package dev.podbench.workspace.local;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.jboss.logging.Logger;

import com.pty4j.PtyProcess;
import com.pty4j.WinSize;
import com.pty4j.unix.UnixPtyProcess;

import dev.podbench.workspace.ProcessStream;
import dev.podbench.workspace.TtySize;
import dev.podbench.workspace.internal.InputWriter;
import dev.podbench.workspace.internal.PublishedProcessStream;
import dev.podbench.workspace.internal.StreamPublisher;
import io.smallrye.mutiny.Uni;

/**
 * A local process (PTY via pty4j, or a plain {@link Process}) as a {@link ProcessStream}.
 *
 * <p>Threads per process, all named after the pid and daemon: one reader per output stream (started on
 * subscription, see {@link StreamPublisher}) and one writer (started on the first write, gone after 30 s idle). The
 * exit code of a PTY comes from the runtime's shared {@link PtyExitWatcher}, that of a plain process from the JDK's
 * process reaper. An idle terminal so costs its reader and pty4j's own reaper thread.
 */
final class LocalProcessStream extends PublishedProcessStream {

    private static final Logger LOG = Logger.getLogger(LocalProcessStream.class);
    /**
     * How much one PTY read asks for. A PTY master read returns what the line discipline holds (1.4 KiB on average
     * under a flood here), and pty4j allocates a fresh array of the requested size for every read: asking for
     * 64 KiB made each echoed keystroke 64 KiB of garbage, and a young collection every ~100 keys (the echo p99 on
     * a loaded machine). Output is coalesced into frames by the consumer anyway.
     */
    static final int PTY_READ_SIZE = 4 * 1024;
    private static final byte CTRL_D = 4;

    private final Process process;
    private final long pid;
    private final OutputStream input;
    private final InputWriter writer;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private final AtomicBoolean killed = new AtomicBoolean();
    private final ScheduledExecutorService scheduler;
    private final long killGraceMillis;
    private volatile boolean inputClosed;

    private LocalProcessStream(Process process, boolean tty, ScheduledExecutorService scheduler, long killGraceMillis) {
        super(tty, tty
                ? new StreamPublisher(process.getInputStream(), "pty-reader-" + process.pid(), PTY_READ_SIZE)
                : new StreamPublisher(process.getInputStream(), "proc-stdout-" + process.pid(), ProcessStream.MAX_CHUNK),
                tty ? null
                        : new StreamPublisher(process.getErrorStream(), "proc-stderr-" + process.pid(),
                                ProcessStream.MAX_CHUNK));
        this.process = process;
        this.pid = process.pid();
        this.scheduler = scheduler;
        this.killGraceMillis = killGraceMillis;
        String kind = tty ? "pty" : "proc";
        this.input = process.getOutputStream();
        this.writer = new InputWriter(kind + "-writer-" + pid, "process " + pid, exit::isDone);
    }

    /** Wraps a started PTY process: its exit code comes from {@code exits} (pty4j reaps the child itself). */
    static LocalProcessStream ofPty(PtyProcess process, PtyExitWatcher exits, ScheduledExecutorService scheduler,
            long killGraceMillis, Consumer<LocalProcessStream> onExit) {
        LocalProcessStream stream = new LocalProcessStream(process, true, scheduler, killGraceMillis);
        exits.watch(process, code -> stream.exited(code, onExit));
        return stream;
    }

    /** Wraps a started plain process. */
    static LocalProcessStream ofProcess(Process process, ScheduledExecutorService scheduler, long killGraceMillis,
            Consumer<LocalProcessStream> onExit) {
        LocalProcessStream stream = new LocalProcessStream(process, false, scheduler, killGraceMillis);
        process.onExit().whenComplete((p, e) -> stream.exited(process.exitValue(), onExit));
        return stream;
    }

    private void exited(int code, Consumer<LocalProcessStream> onExit) {
        exit.complete(code);
        writer.shutdown();
        if (onExit != null) {
            onExit.accept(this);
        }
    }

    boolean hasExited() {
        return exit.isDone();
    }

    long pid() {
        return pid;
    }

    @Override
    public Uni<Void> write(byte[] bytes) {
        byte[] copy = bytes.clone();
        return writer.enqueue(() -> {
            if (inputClosed) {
                throw new IOException("input of process " + pid + " is closed");
            }
            if (tty && !process.isAlive()) {
                // pty4j ignores write errors on a dead terminal: report them ourselves
                throw new IOException("process " + pid + " has ended");
            }
            input.write(copy);
            input.flush();
        });
    }

    @Override
    public void closeInput() {
        writer.enqueue(() -> {
            if (inputClosed) {
                return;
            }
            if (tty) {
                // closing the PTY master would hang the terminal up: send the EOF character instead (canonical mode)
                if (process.isAlive()) {
                    input.write(new byte[] { CTRL_D });
                    input.flush();
                }
            } else {
                inputClosed = true;
                input.close();
            }
        }).subscribe().with(v -> {
        }, e -> LOG.debugf(e, "closing input of %d", pid));
    }

    @Override
    public void resize(TtySize size) {
        if (!tty || size == null || !process.isAlive()) {
            return;
        }
        try {
            ((PtyProcess) process).setWinSize(new WinSize(size.cols(), size.rows()));
        } catch (RuntimeException e) {
            // the process may have ended in between
            LOG.debugf(e, "resizing terminal of %d", pid);
        }
    }

    @Override
    public Uni<Integer> exitCode() {
        // a copy per subscription: Mutiny cancels the stage it was given when its subscriber cancels
        return Uni.createFrom().completionStage(exit::copy);
    }

    /**
     * Ends the process: a PTY is hung up (SIGHUP, as a closed terminal would), a plain process gets SIGTERM; both
     * with their descendants. Whatever is still alive after the grace period gets SIGKILL.
     */
    @Override
    public void kill() {
        if (!killed.compareAndSet(false, true) || exit.isDone()) {
            return;
        }
        // pty4j's process has no ProcessHandle of its own; look it up by pid (only to list and signal, never to wait)
        List<ProcessHandle> tree = new ArrayList<>();
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(tree::add));
        if (tty && process instanceof UnixPtyProcess unix) {
            unix.hangup();
        } else {
            process.destroy();
        }
        tree.forEach(ProcessHandle::destroy);
        Runnable forcibly = () -> {
            tree.forEach(ProcessHandle::destroyForcibly);
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        };
        try {
            scheduler.schedule(forcibly, killGraceMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            forcibly.run();
        }
        exit.whenComplete((code, e) -> {
            if (!output.isSubscribed()) {
                closeOutputs();
            }
        });
    }

    private void closeOutputs() {
        output.closing();
        close(process.getInputStream());
        if (errors != null && !errors.isSubscribed()) {
            errors.closing();
            close(process.getErrorStream());
        }
    }

    private void close(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            LOG.tracef(e, "closing output of %d", pid);
        }
    }

    @Override
    public String toString() {
        return (tty ? "pty" : "process") + "[" + pid + "]";
    }
}
