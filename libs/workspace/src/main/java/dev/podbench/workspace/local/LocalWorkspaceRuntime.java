package dev.podbench.workspace.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

import org.jboss.logging.Logger;

import com.pty4j.PtyProcess;
import com.pty4j.PtyProcessBuilder;

import dev.podbench.workspace.AsyncKeyedLock;
import dev.podbench.workspace.Command;
import dev.podbench.workspace.CommandResult;
import dev.podbench.workspace.PodRef;
import dev.podbench.workspace.ProcessStream;
import dev.podbench.workspace.RepositorySpec;
import dev.podbench.workspace.WorkspaceRuntime;
import dev.podbench.workspace.git.GitEnvironment;
import dev.podbench.workspace.internal.RepositoryIds;
import dev.podbench.workspace.internal.RuntimeThreads;
import io.smallrye.mutiny.Uni;

/**
 * The {@code local} runtime: a "pod" is a directory on this machine, commands are local processes, terminals are
 * real PTYs (pty4j).
 *
 * <pre>
 * &lt;root&gt;/
 *   .locks/&lt;repositoryId&gt;.lock      cross-process lock (several services may share one root)
 *   &lt;repositoryId&gt;/                  the pod; PodRef.name() == repositoryId
 *     repo.git/                      bare clone, remote.origin.fetch=+refs/heads/*:refs/remotes/origin/*
 *     worktrees/                     the sessions' worktrees
 * </pre>
 *
 * <p>The clone is bare, has no local branches and is fetched into {@code refs/remotes/origin/*}, so no branch is
 * occupied by a main checkout. It is built in {@code repo.git.tmp-*} and renamed into place once complete, so a
 * clone interrupted by a crash is detected (no {@code podbench-ready} marker) and redone. {@code push.autoSetupRemote}
 * is on, so a plain {@code git push} of a new session branch creates it on origin and sets the upstream.
 *
 * <p>Nothing blocks the caller: process starts and file work run on the given executor (the default is a bounded
 * pool of daemon threads), and the rest completes from reader / reaper threads.
 */
public final class LocalWorkspaceRuntime implements WorkspaceRuntime {

    public static final String KIND = "local";
    /** How often the exits of running PTYs are checked (how late a terminal's exit code may be). */
    static final long PTY_EXIT_CHECK_MILLIS = 50;
    private static final Logger LOG = Logger.getLogger(LocalWorkspaceRuntime.class);

    private final Path root;
    private final RuntimeThreads threads;
    private final ProcessRunner runner;
    private final PtyExitWatcher ptyExits;
    private final LocalClone clone;
    private final long killGraceMillis;
    /**
     * In-JVM half of the per-repository lock (the file lock is the cross-process half). Runtimes of one JVM sharing
     * a root must share it: a JVM cannot hold one file lock twice.
     */
    private final AsyncKeyedLock podLocks;
    private final Map<LocalProcessStream, String> live = new ConcurrentHashMap<>();

    /** A runtime under {@code root} with its own lock and bounded pool for blocking work. */
    public LocalWorkspaceRuntime(Path root) {
        this(root, null, Duration.ofMinutes(30), Duration.ofSeconds(2), new AsyncKeyedLock());
    }

    /**
     * @param root         directory holding the pods (created if missing)
     * @param executor     where blocking work runs; {@code null} for an owned bounded pool (shut down by {@link #close})
     * @param cloneTimeout how long the initial clone (fetch) of a repository may take
     * @param killGrace    how long {@link ProcessStream#kill()} waits after SIGHUP/SIGTERM before SIGKILL
     * @param podLocks     serializes pod work per repository in this JVM; share one between runtimes on one root
     */
    public LocalWorkspaceRuntime(Path root, Executor executor, Duration cloneTimeout, Duration killGrace,
            AsyncKeyedLock podLocks) {
        this.root = root.toAbsolutePath().normalize();
        this.threads = new RuntimeThreads("workspace", executor);
        this.runner = new ProcessRunner(threads.scheduler());
        this.ptyExits = new PtyExitWatcher(threads.scheduler(), PTY_EXIT_CHECK_MILLIS);
        this.clone = new LocalClone(this.root, runner, cloneTimeout);
        this.killGraceMillis = killGrace.toMillis();
        this.podLocks = podLocks;
    }

    @Override
    public String kind() {
        return KIND;
    }

    public Path root() {
        return root;
    }

    /** The pod a repository gets (whether or not it exists yet). */
    public PodRef podRef(String repositoryId) {
        Path pod = podDirectory(repositoryId);
        return new PodRef(repositoryId, repositoryId, pod.resolve(LocalClone.REPO_DIR).toString(),
                pod.resolve(LocalClone.WORKTREES_DIR).toString());
    }

    // ------------------------------------------------------------------------------------------------ pods

    @Override
    public Uni<PodRef> ensurePod(RepositorySpec repository) {
        return Uni.createFrom().deferred(() -> {
            String id = RepositoryIds.require(repository.id());
            GitEnvironment.requireSafeArgument(repository.cloneUrl(), "cloneUrl");
            return podLocks.withLock(clone.lockKey(id), () -> threads.blocking(() -> {
                clone.ensure(repository, podDirectory(id));
                return podRef(id);
            }));
        });
    }

    @Override
    public Uni<Void> deletePod(PodRef pod) {
        return Uni.createFrom().deferred(() -> {
            String id = RepositoryIds.require(pod.name());
            return podLocks.withLock(clone.lockKey(id), () -> threads.blocking(() -> {
                live.forEach((stream, podName) -> {
                    if (podName.equals(id)) {
                        stream.kill();
                    }
                });
                clone.delete(id, podDirectory(id));
                return null;
            }));
        });
    }

    /** The repository's pod if its clone is complete (at most one on this runtime). */
    @Override
    public Uni<List<PodRef>> listPods(String repositoryId) {
        return Uni.createFrom().deferred(() -> {
            String id = RepositoryIds.require(repositoryId);
            return threads.blocking(() -> LocalClone.isComplete(podDirectory(id)) ? List.of(podRef(id))
                    : List.<PodRef> of());
        });
    }

    /** Number of clones this runtime has started (for tests). */
    int cloneCount() {
        return clone.cloneCount();
    }

    // ------------------------------------------------------------------------------------------------ processes

    @Override
    public Uni<CommandResult> run(PodRef pod, Command command) {
        return Uni.createFrom().deferred(() -> {
            Path cwd = workingDirectory(pod, command);
            // ProcessBuilder starts from this JVM's environment; the command's variables win
            return Uni.createFrom().completionStage(
                    () -> threads.submitCompose(() -> runner.start(command, cwd, command.env())));
        });
    }

    @Override
    public Uni<ProcessStream> start(PodRef pod, Command command) {
        return Uni.createFrom().deferred(() -> {
            String podName = RepositoryIds.require(pod.name());
            Path cwd = workingDirectory(pod, command);
            CompletableFuture<LocalProcessStream> started = threads.submit(() -> startBlocking(podName, command, cwd));
            // a copy, so that a cancelled subscriber leaves 'started' intact and the process still gets killed
            return Uni.createFrom().completionStage(started.copy())
                    .onCancellation().invoke(() -> started.thenAccept(LocalProcessStream::kill))
                    .map(ProcessStream.class::cast);
        });
    }

    private LocalProcessStream startBlocking(String podName, Command command, Path cwd) throws IOException {
        LocalProcessStream stream;
        if (command.tty() != null) {
            Map<String, String> env = new HashMap<>(System.getenv());
            env.put("TERM", "xterm-256color");
            env.putAll(command.env());
            PtyProcess process = new PtyProcessBuilder(command.argv().toArray(String[]::new))
                    .setEnvironment(env)
                    .setDirectory(cwd.toString())
                    .setInitialColumns(command.tty().cols())
                    .setInitialRows(command.tty().rows())
                    .setConsole(false)
                    .setRedirectErrorStream(true)
                    .start();
            stream = LocalProcessStream.ofPty(process, ptyExits, threads.scheduler(), killGraceMillis, live::remove);
        } else {
            ProcessBuilder builder = new ProcessBuilder(command.argv()).directory(cwd.toFile());
            builder.environment().putAll(command.env());
            stream = LocalProcessStream.ofProcess(builder.start(), threads.scheduler(), killGraceMillis, live::remove);
        }
        live.put(stream, podName);
        if (stream.hasExited()) {
            live.remove(stream); // it ended before we registered it
        }
        LOG.debugf("started %s in pod %s: %s", stream, podName, command.argv().get(0));
        return stream;
    }

    /** The working directory: the command's, which must lie inside the pod, or the pod directory. */
    private Path workingDirectory(PodRef pod, Command command) {
        Path podDir = podDirectory(pod.name());
        if (command.workingDir() == null || command.workingDir().isBlank()) {
            return podDir;
        }
        Path cwd = Path.of(command.workingDir());
        if (!cwd.isAbsolute()) {
            throw new IllegalArgumentException("working directory must be absolute: " + command.workingDir());
        }
        cwd = cwd.normalize();
        if (!cwd.startsWith(podDir)) {
            throw new IllegalArgumentException("working directory " + cwd + " is outside the pod " + podDir);
        }
        return cwd;
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private Path podDirectory(String repositoryId) {
        return root.resolve(RepositoryIds.require(repositoryId));
    }


    /** Kills the processes this runtime started and stops its own threads. */
    @Override
    public void close() {
        live.keySet().forEach(LocalProcessStream::kill);
        threads.close();
    }

    int watchedPtyExits() {
        return ptyExits.watchedCount();
    }
}
