package dev.podbench.terminal.shell;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.podbench.workspace.ProcessStream;
import dev.podbench.workspace.TtySize;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * The fallback without tmux: one shell process per terminal kept by the gateway across browser reconnects,
 * its recent output in a {@link ReplayBuffer}. It does not survive a gateway restart.
 */
final class PlainShell {

    private final ProcessStream process;
    private final ReplayBuffer buffer;
    private final int maxChunk;

    PlainShell(ProcessStream process, int bufferBytes, int maxChunk) {
        this.process = process;
        this.buffer = new ReplayBuffer(bufferBytes);
        this.maxChunk = maxChunk;
        // Read regardless of viewers: the ring bounds memory, and a shell with nobody watching must not block.
        process.output().subscribe().with(buffer::append, failure -> buffer.close(), buffer::close);
    }

    Uni<Integer> exitCode() {
        return process.exitCode();
    }

    void kill() {
        process.kill();
    }

    ShellAttachment attach() {
        return new Viewer(buffer.oldest());
    }

    private final class Viewer implements ShellAttachment {

        private final AtomicLong cursor;
        private final AtomicBoolean detached = new AtomicBoolean();

        Viewer(long start) {
            this.cursor = new AtomicLong(start);
        }

        @Override
        public Multi<byte[]> output() {
            return Multi.createBy().repeating()
                    .uni(() -> buffer.read(cursor.get(), maxChunk))
                    .until(slice -> slice == ReplayBuffer.END || detached.get())
                    .invoke(slice -> cursor.set(slice.end()))
                    .map(ReplayBuffer.Slice::bytes);
        }

        @Override
        public Uni<Void> write(byte[] input) {
            return process.write(input);
        }

        @Override
        public void resize(TtySize size) {
            process.resize(size);
        }

        @Override
        public Uni<Integer> exitCode() {
            return process.exitCode();
        }

        @Override
        public void detach() {
            detached.set(true);
        }

        @Override
        public boolean persistent() {
            return false;
        }
    }
}
