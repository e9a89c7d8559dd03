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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import org.jboss.logging.Logger;

import dev.podbench.workspace.Command;
import dev.podbench.workspace.CommandResult;
import dev.podbench.workspace.RepositorySpec;
import dev.podbench.workspace.git.GitEnvironment;
import dev.podbench.workspace.internal.BareClone;

/**
 * A local pod's bare clone: built in {@code repo.git.tmp-*} and renamed into place once complete, so a clone
 * interrupted by a crash is detected (no marker) and redone. Several services may share one root: the clone is
 * made under a cross-process file lock. Blocking.
 */
final class LocalClone {

    static final String REPO_DIR = "repo.git";
    static final String WORKTREES_DIR = "worktrees";
    static final String TMP_PREFIX = REPO_DIR + ".tmp-";
    static final String READY_MARKER = "podbench-ready";
    private static final Duration GIT_LOCAL_TIMEOUT = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(LocalClone.class);

    private final Path root;
    private final ProcessRunner runner;
    private final Duration cloneTimeout;
    private final BareClone steps;
    private final AtomicInteger clones = new AtomicInteger();

    LocalClone(Path root, ProcessRunner runner, Duration cloneTimeout) {
        this.root = root;
        this.runner = runner;
        this.cloneTimeout = cloneTimeout;
        this.steps = new BareClone((cwd, timeout, args) -> git(Path.of(cwd), timeout, args), GIT_LOCAL_TIMEOUT);
    }

    static boolean isComplete(Path pod) {
        return Files.isRegularFile(pod.resolve(REPO_DIR).resolve(READY_MARKER));
    }

    /** Clones unless a complete clone is there; a partial one and unfinished temporary clones are removed first. */
    void ensure(RepositorySpec spec, Path pod) throws IOException {
        String id = spec.id();
        Path repo = pod.resolve(REPO_DIR);
        try (PodFileLock ignored = lockFile(id)) {
            Files.createDirectories(pod.resolve(WORKTREES_DIR));
            if (isComplete(pod)) {
                return;
            }
            removeLeftovers(pod);
            if (Files.exists(repo)) {
                LOG.warnf("pod %s: %s is incomplete, cloning again", id, repo);
                deleteRecursively(repo);
            }
            clones.incrementAndGet();
            Path tmp = pod.resolve(TMP_PREFIX + UUID.randomUUID());
            LOG.infof("pod %s: cloning %s", id, spec.cloneUrl());
            try {
                steps.require(pod.toString(), GIT_LOCAL_TIMEOUT, "init", "--quiet", "--bare", "--", tmp.toString());
                steps.require(tmp.toString(), GIT_LOCAL_TIMEOUT, "config", "--", "remote.origin.url", spec.cloneUrl());
                steps.configureAndFetch(tmp.toString(), id, spec.defaultBranch(), cloneTimeout);
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
        }
    }

    /** Deletes the pod directory under the repository's file lock. */
    void delete(String id, Path pod) throws IOException {
        try (PodFileLock ignored = lockFile(id)) {
            deleteRecursively(pod);
        }
    }

    int cloneCount() {
        return clones.get();
    }

    String lockKey(String id) {
        return root.resolve(".locks").resolve(id + ".lock").toString();
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

    private CommandResult git(Path cwd, Duration timeout, String... args) {
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
}
