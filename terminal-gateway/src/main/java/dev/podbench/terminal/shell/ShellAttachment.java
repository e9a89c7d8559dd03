package dev.podbench.terminal.shell;

import dev.podbench.workspace.TtySize;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** One viewer's handle on a terminal: its own demand-driven output, shared input and size. */
interface ShellAttachment {

    /** Output for this viewer only; demand-driven, single subscriber. Completes when the shell is gone. */
    Multi<byte[]> output();

    Uni<Void> write(byte[] input);

    void resize(TtySize size);

    /** Completes with the exit code once the viewer's shell process ended (not on {@link #detach()}). */
    Uni<Integer> exitCode();

    /** The viewer leaves; the shell itself keeps running. */
    void detach();

    /** Whether the shell survives gateway restarts (tmux) or only browser reconnects (plain fallback). */
    boolean persistent();
}
