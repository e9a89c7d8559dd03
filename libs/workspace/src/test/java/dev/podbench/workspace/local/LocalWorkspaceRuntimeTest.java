package dev.podbench.workspace.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.podbench.workspace.AsyncKeyedLock;
import dev.podbench.workspace.Command;
import dev.podbench.workspace.CommandResult;
import dev.podbench.workspace.CommandTimeoutException;
import dev.podbench.workspace.GitFixture;
import dev.podbench.workspace.PodRef;
import dev.podbench.workspace.RepositorySpec;

class LocalWorkspaceRuntimeTest {

    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;
    GitFixture origin;
    LocalWorkspaceRuntime runtime;
    /** One per JVM in a service: runtimes on one root share it, as the services of one JVM would. */
    final AsyncKeyedLock podLocks = new AsyncKeyedLock();
    RepositorySpec repo;

    @BeforeEach
    void setUp() throws IOException {
        origin = GitFixture.create(tmp.resolve("remote"));
        runtime = new LocalWorkspaceRuntime(tmp.resolve("pods"), null, Duration.ofMinutes(30), Duration.ofSeconds(2),
                podLocks);
        repo = new RepositorySpec("demo", origin.url(), "main", null);
    }

    @AfterEach
    void tearDown() {
        runtime.close();
    }

    @Test
    void ensurePodMakesABareCloneWithRemoteTrackingRefsOnly() throws IOException {
        PodRef pod = runtime.ensurePod(repo).await().atMost(WAIT);

        Path podDir = tmp.resolve("pods").resolve("demo");
        assertThat(pod.name()).isEqualTo("demo");
        assertThat(pod.repositoryId()).isEqualTo("demo");
        assertThat(pod.repositoryPath()).isEqualTo(podDir.resolve("repo.git").toString());
        assertThat(pod.worktreesPath()).isEqualTo(podDir.resolve("worktrees").toString());
        assertThat(Path.of(pod.worktreesPath())).isDirectory();

        Path repoDir = Path.of(pod.repositoryPath());
        assertThat(GitFixture.git(repoDir, "rev-parse", "--is-bare-repository").strip()).isEqualTo("true");
        assertThat(GitFixture.git(repoDir, "config", "--get", "remote.origin.fetch").strip())
                .isEqualTo("+refs/heads/*:refs/remotes/origin/*");
        assertThat(GitFixture.git(repoDir, "for-each-ref", "--format=%(refname)", "refs/remotes/origin/").lines())
                .contains("refs/remotes/origin/main", "refs/remotes/origin/feature/x");
        assertThat(GitFixture.git(repoDir, "for-each-ref", "refs/heads/")).isEmpty();
        assertThat(GitFixture.git(repoDir, "rev-parse", "refs/remotes/origin/feature/x").strip())
                .isEqualTo(origin.originSha("feature/x"));
        assertThat(GitFixture.git(repoDir, "symbolic-ref", "refs/remotes/origin/HEAD").strip())
                .isEqualTo("refs/remotes/origin/main");
        assertThat(runtime.cloneCount()).isEqualTo(1);
    }

    @Test
    void ensurePodIsIdempotent() {
        PodRef first = runtime.ensurePod(repo).await().atMost(WAIT);
        PodRef second = runtime.ensurePod(repo).await().atMost(WAIT);
        assertThat(second).isEqualTo(first);
        assertThat(runtime.cloneCount()).isEqualTo(1);
    }

    @Test
    void concurrentEnsurePodClonesOnce() {
        List<CompletableFuture<PodRef>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add(runtime.ensurePod(repo).subscribeAsCompletionStage());
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).orTimeout(60, java.util.concurrent.TimeUnit.SECONDS)
                .join();
        assertThat(calls).extracting(CompletableFuture::join).containsOnly(calls.get(0).join());
        assertThat(runtime.cloneCount()).isEqualTo(1);
    }

    @Test
    void twoRuntimesOnOneRootCloneOnce() {
        try (LocalWorkspaceRuntime other = new LocalWorkspaceRuntime(tmp.resolve("pods"), null, Duration.ofMinutes(30),
                Duration.ofSeconds(2), podLocks)) {
            CompletableFuture<PodRef> a = runtime.ensurePod(repo).subscribeAsCompletionStage();
            CompletableFuture<PodRef> b = other.ensurePod(repo).subscribeAsCompletionStage();
            assertThat(a.orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join())
                    .isEqualTo(b.orTimeout(60, java.util.concurrent.TimeUnit.SECONDS).join());
            assertThat(runtime.cloneCount() + other.cloneCount()).isEqualTo(1);
        }
    }

    @Test
    void aHalfFinishedCloneIsDetectedAndRedone() throws IOException {
        Path podDir = tmp.resolve("pods").resolve("demo");
        // what a crash leaves behind: an unfinished temporary clone and a repo.git without the ready marker
        Files.createDirectories(podDir.resolve("repo.git.tmp-crashed").resolve("objects"));
        Files.createDirectories(podDir.resolve("repo.git"));
        Files.writeString(podDir.resolve("repo.git").resolve("HEAD"), "garbage");

        PodRef pod = runtime.ensurePod(repo).await().atMost(WAIT);

        assertThat(runtime.cloneCount()).isEqualTo(1);
        assertThat(podDir.resolve("repo.git.tmp-crashed")).doesNotExist();
        assertThat(GitFixture.git(Path.of(pod.repositoryPath()), "rev-parse", "refs/remotes/origin/main").strip())
                .isEqualTo(origin.originSha("main"));
    }

    @Test
    void refusesUnsafeRepositoryIdsAndUrls() {
        assertThatThrownBy(() -> runtime.ensurePod(new RepositorySpec("../evil", origin.url(), "main", null))
                .await().atMost(WAIT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> runtime.ensurePod(new RepositorySpec("ok", "--upload-pack=touch /tmp/x", "main", null))
                .await().atMost(WAIT)).isInstanceOf(IllegalArgumentException.class);
        assertThat(tmp.resolve("pods").resolve("ok")).doesNotExist();
    }

    @Test
    void aCloneFailureFailsAndLeavesNoRepository() throws IOException {
        RepositorySpec missing = new RepositorySpec("missing", tmp.resolve("nope.git").toUri().toString(), "main",
                null);
        assertThatThrownBy(() -> runtime.ensurePod(missing).await().atMost(WAIT))
                .hasMessageContaining("fetch");
        try (var entries = Files.list(tmp.resolve("pods").resolve("missing"))) {
            assertThat(entries).extracting(e -> e.getFileName().toString()).containsExactly("worktrees");
        }
    }

    @Test
    void deletePodRemovesTheDirectoryAndIgnoresUnknownPods() {
        PodRef pod = runtime.ensurePod(repo).await().atMost(WAIT);
        runtime.deletePod(pod).await().atMost(WAIT);
        assertThat(tmp.resolve("pods").resolve("demo")).doesNotExist();
        runtime.deletePod(pod).await().atMost(WAIT);
        runtime.deletePod(runtime.podRef("never-existed")).await().atMost(WAIT);
        // and it can be created again
        runtime.ensurePod(repo).await().atMost(WAIT);
        assertThat(runtime.cloneCount()).isEqualTo(2);
    }

    // ------------------------------------------------------------------------------------------------ run

    @Test
    void runReportsExitCodesAndSeparateOutputs() {
        PodRef pod = runtime.ensurePod(repo).await().atMost(WAIT);
        CommandResult ok = runtime.run(pod, Command.of(pod.repositoryPath(), "sh", "-c", "echo out; echo err >&2"))
                .await().atMost(WAIT);
        assertThat(ok.exitCode()).isZero();
        assertThat(ok.stdout()).isEqualTo("out\n");
        assertThat(ok.stderr()).isEqualTo("err\n");
        assertThat(ok.truncated()).isFalse();

        CommandResult seven = runtime.run(pod, Command.of(pod.repositoryPath(), "sh", "-c", "exit 7"))
                .await().atMost(WAIT);
        assertThat(seven.exitCode()).isEqualTo(7);
        assertThat(seven.succeeded()).isFalse();

        CommandResult killed = runtime.run(pod, Command.of(pod.repositoryPath(), "sh", "-c", "kill -TERM $$"))
                .await().atMost(WAIT);
        assertThat(killed.exitCode()).isEqualTo(128 + 15);
    }

    @Test
    void runPassesArgumentsVerbatimMergesEnvironmentAndUsesTheWorkingDirectory() {
        PodRef pod = runtime.ensurePod(repo).await().atMost(WAIT);
        CommandResult r = runtime.run(pod, Command.of(pod.worktreesPath(), "sh", "-c",
                "printf '%s|' \"$1\" \"$PODBENCH_TEST\"; test -n \"$PATH\" && pwd", "sh", "$(whoami); rm -rf /")
                .withEnv(Map.of("PODBENCH_TEST", "value with spaces")))
                .await().atMost(WAIT);
        assertThat(r.stdout()).isEqualTo("$(whoami); rm -rf /|value with spaces|" + pod.worktreesPath() + "\n");
    }

    @Test
    void runRefusesWorkingDirectoriesOutsideThePod() {
        PodRef pod = runtime.ensurePod(repo).await().atMost(WAIT);
        assertThatThrownBy(() -> runtime.run(pod, Command.of(pod.repositoryPath() + "/../../..", "true"))
                .await().atMost(WAIT)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> runtime.run(pod, Command.of("/tmp", "true")).await().atMost(WAIT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runFailsForAMissingProgram() {
        PodRef pod = runtime.ensurePod(repo).await().atMost(WAIT);
        assertThatThrownBy(() -> runtime.run(pod, Command.of(pod.repositoryPath(), "no-such-program-podbench"))
                .await().atMost(WAIT)).hasRootCauseInstanceOf(IOException.class);
    }

    @Test
    void runTimeoutKillsTheProcessTree() {
        PodRef pod = runtime.ensurePod(repo).await().atMost(WAIT);
        long started = System.nanoTime();
        Command slow = Command.of(pod.repositoryPath(), "sh", "-c", "sleep 60 & echo $!; wait")
                .withTimeout(Duration.ofMillis(500));
        Throwable failure = captureFailure(pod, slow);
        assertThat(failure).isInstanceOf(CommandTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
        CommandResult partial = ((CommandTimeoutException) failure).partialResult();
        assertThat(partial.exitCode()).isEqualTo(128 + 9);
        long grandchild = Long.parseLong(partial.stdout().strip());
        await().atMost(WAIT).until(() -> ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false) == false);
    }

    private Throwable captureFailure(PodRef pod, Command command) {
        try {
            runtime.run(pod, command).await().atMost(WAIT);
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    @Test
    void runBoundsOutputButKeepsDrainingSoTheChildFinishes() {
        PodRef pod = runtime.ensurePod(repo).await().atMost(WAIT);
        Command big = new Command(List.of("sh", "-c", "head -c 3000000 /dev/zero | tr '\\0' a; echo done >&2"),
                pod.repositoryPath(), Map.of(), null, Duration.ofSeconds(30), 1000);
        CommandResult r = runtime.run(pod, big).await().atMost(WAIT);
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).hasSize(1000).matches("a+");
        assertThat(r.stderr()).isEqualTo("done\n");
        assertThat(r.truncated()).isTrue();
    }

    @Test
    void neverBlocksTheCallersThread() {
        PodRef pod = runtime.ensurePod(repo).await().atMost(WAIT);
        // subscribing returns at once although the command takes a while; the result arrives on another thread
        long before = System.nanoTime();
        CompletableFuture<Thread> completedOn = new CompletableFuture<>();
        runtime.run(pod, Command.of(pod.repositoryPath(), "sleep", "1")).subscribe()
                .with(r -> completedOn.complete(Thread.currentThread()), completedOn::completeExceptionally);
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(500));
        assertThat(completedOn.orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join())
                .isNotSameAs(Thread.currentThread());
    }
}
