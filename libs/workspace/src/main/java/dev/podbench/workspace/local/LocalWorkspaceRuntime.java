package dev.podbench.workspace.local;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

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
import dev.podbench.workspace.git.GitCommandException;
import dev.podbench.workspace.git.GitEnvironment;
import dev.podbench.workspace.internal.DaemonThreads;
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
 * clone interrupted by a crash is detected (no {@value #READY_MARKER} marker) and redone. {@code push.autoSetupRemote}
 * is on, so a plain {@code git push} of a new session branch creates it on origin and sets the upstream.
 *
 * <p>Nothing blocks the caller: process starts and file work run on the given executor (the default is a bounded
 * pool of daemon threads), and the rest completes from reader / reaper threads.
 */
public final class LocalWorkspaceRuntime implements WorkspaceRuntime {

    public static final String KIND = "local";
    static final String REPO_DIR = "repo.git";
    static final String WORKTREES_DIR = "worktrees";
    static final String TMP_PREFIX = REPO_DIR + ".tmp-";
    static final String READY_MARKER = "podbench-ready";
    private static final Pattern REPOSITORY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Duration GIT_LOCAL_TIMEOUT = Duration.ofMinutes(1);
    /** How often the exits of running PTYs are checked (how late a terminal's exit code may be). */
    static final long PTY_EXIT_CHECK_MILLIS = 50;
    private static final Logger LOG = Logger.getLogger(LocalWorkspaceRuntime.class);

    private final Path root;
    private final Executor executor;
    private final ExecutorService ownedExecutor;
    private final ScheduledThreadPoolExecutor scheduler;
    private final ProcessRunner runner;
    private final PtyExitWatcher ptyExits;
    private final Duration cloneTimeout;
    private final long killGraceMillis;
    /** In-JVM half of the per-repository lock, shared by all runtimes (a JVM cannot hold one file lock twice). */
    private static final AsyncKeyedLock POD_LOCKS = new AsyncKeyedLock();
    private final Map<LocalProcessStream, String> live = new ConcurrentHashMap<>();
    private final AtomicInteger clones = new AtomicInteger();

    /** A runtime under {@code root} with its own bounded pool for blocking work. */
    public LocalWorkspaceRuntime(Path root) {
        this(root, null, Duration.ofMinutes(30), Duration.ofSeconds(2));
    }

    /** A runtime under {@code root} running blocking work (process starts, clones, file work) on {@code executor}. */
    public LocalWorkspaceRuntime(Path root, Executor executor) {
        this(root, executor, Duration.ofMinutes(30), Duration.ofSeconds(2));
    }

    /**
     * @param root         directory holding the pods (created if missing)
     * @param executor     where blocking work runs; {@code null} for an owned bounded pool (shut down by {@link #close})
     * @param cloneTimeout how long the initial clone (fetch) of a repository may take
     * @param killGrace    how long {@link ProcessStream#kill()} waits after SIGHUP/SIGTERM before SIGKILL
     */
    public LocalWorkspaceRuntime(Path root, Executor executor, Duration cloneTimeout, Duration killGrace) {
        this.root = root.toAbsolutePath().normalize();
        if (executor == null) {
            int threads = Math.max(4, Runtime.getRuntime().availableProcessors() * 2);
            ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(10_000), DaemonThreads.factory("workspace-blocking", true));
            pool.allowCoreThreadTimeOut(true);
            this.ownedExecutor = pool;
            this.executor = pool;
        } else {
            this.ownedExecutor = null;
            this.executor = executor;
        }
        this.scheduler = new ScheduledThreadPoolExecutor(1, DaemonThreads.factory("workspace-timer", true));
        this.scheduler.setRemoveOnCancelPolicy(true);
        this.runner = new ProcessRunner(scheduler);
        this.ptyExits = new PtyExitWatcher(scheduler, PTY_EXIT_CHECK_MILLIS);
        this.cloneTimeout = cloneTimeout;
        this.killGraceMillis = killGrace.toMillis();
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
        return new PodRef(repositoryId, repositoryId, pod.resolve(REPO_DIR).toString(),
                pod.resolve(WORKTREES_DIR).toString());
    }

    // ------------------------------------------------------------------------------------------------ pods

    @Override
    public Uni<PodRef> ensurePod(RepositorySpec repository) {
        return Uni.createFrom().deferred(() -> {
            String id = requireRepositoryId(repository.id());
            GitEnvironment.requireSafeArgument(repository.cloneUrl(), "cloneUrl");
            return POD_LOCKS.withLock(lockKey(id), () -> blocking(() -> ensureBlocking(repository)));
        });
    }

    @Override
    public Uni<Void> deletePod(PodRef pod) {
        return Uni.createFrom().deferred(() -> {
            String id = requireRepositoryId(pod.name());
            return POD_LOCKS.withLock(lockKey(id), () -> blocking(() -> {
                live.forEach((stream, podName) -> {
                    if (podName.equals(id)) {
                        stream.kill();
                    }
                });
                try (PodFileLock ignored = lockFile(id)) {
                    deleteRecursively(podDirectory(id));
                }
                return null;
            }));
        });
    }

    /** The repository's pod if its clone is complete (at most one on this runtime). */
    @Override
    public Uni<List<PodRef>> listPods(String repositoryId) {
        return Uni.createFrom().deferred(() -> {
            String id = requireRepositoryId(repositoryId);
            return blocking(() -> Files.isRegularFile(podDirectory(id).resolve(REPO_DIR).resolve(READY_MARKER))
                    ? List.of(podRef(id))
                    : List.<PodRef> of());
        });
    }

    private String lockKey(String id) {
        return root.resolve(".locks").resolve(id + ".lock").toString();
    }

    /** Number of clones this runtime has started (for tests). */
    int cloneCount() {
        return clones.get();
    }

    private PodRef ensureBlocking(RepositorySpec spec) throws IOException {
        String id = spec.id();
        Path pod = podDirectory(id);
        Path repo = pod.resolve(REPO_DIR);
        try (PodFileLock ignored = lockFile(id)) {
            Files.createDirectories(pod.resolve(WORKTREES_DIR));
            if (Files.isRegularFile(repo.resolve(READY_MARKER))) {
                return podRef(id);
            }
            // a crash may have left a partial clone: start over
            removeLeftovers(pod);
            if (Files.exists(repo)) {
                LOG.warnf("pod %s: %s is incomplete, cloning again", id, repo);
                deleteRecursively(repo);
            }
            clones.incrementAndGet();
            Path tmp = pod.resolve(TMP_PREFIX + UUID.randomUUID());
            LOG.infof("pod %s: cloning %s", id, spec.cloneUrl());
            try {
                git(pod, GIT_LOCAL_TIMEOUT, "init", "--quiet", "--bare", "--", tmp.toString());
                git(tmp, GIT_LOCAL_TIMEOUT, "config", "--", "remote.origin.url", spec.cloneUrl());
                git(tmp, GIT_LOCAL_TIMEOUT, "config", "--", "remote.origin.fetch",
                        "+refs/heads/*:refs/remotes/origin/*");
                git(tmp, GIT_LOCAL_TIMEOUT, "config", "--", "push.autoSetupRemote", "true");
                git(tmp, GIT_LOCAL_TIMEOUT, "config", "--", "podbench.repositoryId", id);
                git(tmp, cloneTimeout, "fetch", "--quiet", "--prune", "origin");
                setOriginHead(tmp, spec.defaultBranch());
                Files.createFile(tmp.resolve(READY_MARKER));
                Files.move(tmp, repo, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException | RuntimeException e) {
                try {
                    deleteRecursively(tmp);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup); // the next ensurePod removes it
                }
                throw e;
            }
            LOG.infof("pod %s: ready at %s", id, pod);
            return podRef(id);
        }
    }

    private void setOriginHead(Path repo, String defaultBranch) {
        if (defaultBranch != null && !defaultBranch.isBlank() && !defaultBranch.startsWith("-")) {
            String ref = "refs/remotes/origin/" + defaultBranch;
            CommandResult exists = gitResult(repo, GIT_LOCAL_TIMEOUT, "show-ref", "--verify", "--quiet", "--", ref);
            if (exists.succeeded()) {
                git(repo, GIT_LOCAL_TIMEOUT, "symbolic-ref", "refs/remotes/origin/HEAD", ref);
                git(repo, GIT_LOCAL_TIMEOUT, "symbolic-ref", "HEAD", "refs/heads/" + defaultBranch);
                return;
            }
        }
        CommandResult auto = gitResult(repo, GIT_LOCAL_TIMEOUT, "remote", "set-head", "origin", "--auto");
        if (!auto.succeeded()) {
            LOG.debugf("could not determine origin/HEAD of %s: %s", repo, auto.stderr());
        }
    }

    private void removeLeftovers(Path pod) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(pod, TMP_PREFIX + "*")) {
            for (Path leftover : entries) {
                LOG.warnf("removing unfinished clone %s", leftover);
                deleteRecursively(leftover);
            }
        }
    }

    /** Holds the repository's cross-process lock file locked (several services may share one root). */
    private record PodFileLock(FileChannel channel, FileLock lock) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    private PodFileLock lockFile(String id) throws IOException {
        Path locks = root.resolve(".locks");
        Files.createDirectories(locks);
        FileChannel channel = FileChannel.open(locks.resolve(id + ".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            return new PodFileLock(channel, channel.lock());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private CommandResult gitResult(Path cwd, Duration timeout, String... args) {
        List<String> argv = new ArrayList<>(args.length + 1);
        argv.add("git");
        argv.addAll(List.of(args));
        Command command = new Command(argv, cwd.toString(), GitEnvironment.hardened(GitEnvironment.LOCAL_PROTOCOLS),
                null, timeout, 64 * 1024);
        try {
            return runner.start(command, cwd, command.env()).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
        }
    }

    private void git(Path cwd, Duration timeout, String... args) {
        CommandResult result = gitResult(cwd, timeout, args);
        if (!result.succeeded()) {
            List<String> argv = new ArrayList<>(List.of(args));
            argv.add(0, "git");
            throw new GitCommandException(argv, result.exitCode(), result.stderr());
        }
    }

    // ------------------------------------------------------------------------------------------------ processes

    @Override
    public Uni<CommandResult> run(PodRef pod, Command command) {
        return Uni.createFrom().deferred(() -> {
            Path cwd = workingDirectory(pod, command);
            // ProcessBuilder starts from this JVM's environment; the command's variables win
            return Uni.createFrom().completionStage(
                    () -> submitCompose(() -> runner.start(command, cwd, command.env())));
        });
    }

    @Override
    public Uni<ProcessStream> start(PodRef pod, Command command) {
        return Uni.createFrom().deferred(() -> {
            String podName = requireRepositoryId(pod.name());
            Path cwd = workingDirectory(pod, command);
            CompletableFuture<LocalProcessStream> started = submit(() -> startBlocking(podName, command, cwd));
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
            stream = LocalProcessStream.ofPty(process, ptyExits, scheduler, killGraceMillis, live::remove);
        } else {
            ProcessBuilder builder = new ProcessBuilder(command.argv()).directory(cwd.toFile());
            builder.environment().putAll(command.env());
            stream = LocalProcessStream.ofProcess(builder.start(), scheduler, killGraceMillis, live::remove);
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
        return root.resolve(requireRepositoryId(repositoryId));
    }

    private static String requireRepositoryId(String id) {
        if (id == null || !REPOSITORY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "repository id must match " + REPOSITORY_ID.pattern() + ", was '" + id + "'");
        }
        return id;
    }

    private <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            executor.execute(() -> {
                try {
                    result.complete(task.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    private <T> CompletableFuture<T> submitCompose(Callable<? extends CompletionStage<T>> task) {
        return submit(task).thenCompose(stage -> stage);
    }

    private <T> Uni<T> blocking(Callable<T> task) {
        return Uni.createFrom().completionStage(() -> submit(task));
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof NoSuchFileException)) {
                    throw exc;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Kills the processes this runtime started and stops its own threads. */
    @Override
    public void close() {
        live.keySet().forEach(LocalProcessStream::kill);
        scheduler.shutdown();
        if (ownedExecutor != null) {
            ownedExecutor.shutdown();
        }
    }

    int watchedPtyExits() {
        return ptyExits.watchedCount();
    }

    Set<LocalProcessStream> liveProcesses() {
        return live.keySet();
    }
}
