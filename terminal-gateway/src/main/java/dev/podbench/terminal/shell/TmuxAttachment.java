package dev.podbench.terminal.shell;

import dev.podbench.workspace.ProcessStream;
import dev.podbench.workspace.TtySize;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/**
 * A tmux client of its own per viewer: tmux does the multiplexing, the redraw on attach and the scrollback,
 * and a viewer that stops acknowledging only blocks its own client, never the shell or the other viewers.
 */
final class TmuxAttachment implements ShellAttachment {

    private final ProcessStream client;

    TmuxAttachment(ProcessStream client) {
        this.client = client;
    }

    @Override
    public Multi<byte[]> output() {
        return client.output();
    }

    @Override
    public Uni<Void> write(byte[] input) {
        return client.write(input);
    }

    @Override
    public void resize(TtySize size) {
        client.resize(size);
    }

    @Override
    public Uni<Integer> exitCode() {
        return client.exitCode();
    }

    @Override
    public void detach() {
        // Hanging up the client's PTY detaches it; the tmux server and the session's processes keep running.
        client.kill();
    }

    @Override
    public boolean persistent() {
        return true;
    }
}
