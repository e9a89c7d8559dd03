package dev.podbench.workspace;

import io.smallrye.mutiny.Uni;

/**
 * Where a repository's sessions run: a long-lived "pod" holding one clone of the repository, with
 * the sessions' worktrees beside it. Implementations: {@code local} (a directory on this machine,
 * local processes, pty4j) and {@code kubernetes} (a pod per repository, the exec API).
 *
 * <p>Everything here is non-blocking: slow work (process start, git, API calls) runs off the
 * caller's thread and completes the returned {@link Uni}.
 */
public interface WorkspaceRuntime extends AutoCloseable {

    /** {@code local} or {@code kubernetes}. */
    String kind();

    /** Finds the repository's pod or starts one; the returned pod has the repository cloned and is ready to use. */
    Uni<PodRef> ensurePod(RepositorySpec repository);

    /** Deletes a pod (idle reclaim). Unknown pods are ignored. */
    Uni<Void> deletePod(PodRef pod);

    /**
     * Runs a command to completion (no TTY, stdin empty) and collects its output, bounded by
     * {@link Command#maxOutputBytes()} (the rest is read and dropped, {@link CommandResult#truncated()} tells).
     * A non-zero exit code is a result, not a failure. Fails with {@link CommandTimeoutException} when
     * {@link Command#timeout()} passes (the process and its descendants are killed), or with the transport's
     * exception when the command cannot be started.
     */
    Uni<CommandResult> run(PodRef pod, Command command);

    /**
     * Starts a command as a duplex byte stream: with a TTY when {@link Command#tty()} is set (stdout and
     * stderr then arrive merged on {@link ProcessStream#output()}), as a plain process otherwise.
     */
    Uni<ProcessStream> start(PodRef pod, Command command);

    @Override
    default void close() {
    }
}
