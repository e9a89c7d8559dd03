package dev.podbench.workspace;

import java.util.List;
import java.util.Map;

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

    /**
     * {@link #ensurePod(RepositorySpec)} with placement information for runtimes that run several pods per repository
     * ({@code kubernetes}): {@code activeSessionsByPod} maps pod names ({@link PodRef#name()}) to the number of active
     * sessions the caller (the session service, which owns sessions) has placed on them; pods not in the map count as
     * empty. The runtime picks the least-loaded pod below its per-pod session limit, starts a new pod when all are
     * full and the per-repository pod limit allows it, and fails with {@link CapacityReachedException} otherwise.
     * Runtimes with a single pod per repository ({@code local}) ignore the map.
     */
    default Uni<PodRef> ensurePod(RepositorySpec repository, Map<String, Integer> activeSessionsByPod) {
        return ensurePod(repository);
    }

    /**
     * The repository's existing pods (for idle reclaim: the session service decides which to {@link #deletePod}).
     * The default lists none.
     */
    default Uni<List<PodRef>> listPods(String repositoryId) {
        return Uni.createFrom().item(List.of());
    }

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
