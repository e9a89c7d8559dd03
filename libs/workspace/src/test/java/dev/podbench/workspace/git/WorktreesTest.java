package dev.podbench.workspace.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.podbench.workspace.Command;
import dev.podbench.workspace.CommandResult;
import dev.podbench.workspace.GitFixture;
import dev.podbench.workspace.ProcessStream;
import dev.podbench.workspace.WorkspaceRuntime;
import io.smallrye.mutiny.Uni;
import dev.podbench.workspace.PodRef;
import dev.podbench.workspace.RepositorySpec;
import dev.podbench.workspace.local.LocalWorkspaceRuntime;

/** Worktrees against real git, through the local runtime. */
class WorktreesTest {

    static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;
    GitFixture origin;
    LocalWorkspaceRuntime runtime;
    Worktrees worktrees;
    PodRef pod;

    @BeforeEach
    void setUp() throws IOException {
        origin = GitFixture.create(tmp.resolve("remote"));
        runtime = new LocalWorkspaceRuntime(tmp.resolve("pods"));
        worktrees = new Worktrees(runtime);
        pod = runtime.ensurePod(new RepositorySpec("demo", origin.url(), "main", null)).await().atMost(WAIT);
    }

    @AfterEach
    void tearDown() {
        runtime.close();
    }

    private Worktree create(String dir, String branch, String base) {
        return worktrees.create(pod, new WorktreeRequest(dir, branch, base)).await().atMost(WAIT);
    }

    private String repoGit(String... args) throws IOException {
        return GitFixture.git(Path.of(pod.repositoryPath()), args);
    }

    private static void commitIn(String worktree, String file, String subject) throws IOException {
        Path wt = Path.of(worktree);
        GitFixture.write(wt.resolve(file), subject + "\n");
        GitFixture.git(wt, "add", "--", file);
        GitFixture.git(wt, "commit", "-q", "-m", subject);
    }

    private static GitFixture.Result upstreamOf(String worktree) throws IOException {
        return GitFixture.tryGit(Path.of(worktree), "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}");
    }

    // ------------------------------------------------------------------------------------------------ create

    @Test
    void newBranchStartsAtFreshlyFetchedOriginBaseWithoutUpstream() throws IOException {
        // pushed after the pod was cloned: create must fetch first
        String newMain = origin.pushCommit("main", "late.txt", "late on main");

        Worktree wt = create("s1", "topic/one", "main");

        assertThat(wt.path()).isEqualTo(pod.worktreesPath() + "/s1");
        assertThat(wt.branch()).isEqualTo("topic/one");
        assertThat(wt.createdBranch()).isTrue();
        assertThat(wt.baseRef()).isEqualTo(newMain);
        assertThat(Path.of(wt.path()).resolve("late.txt")).exists();
        assertThat(GitFixture.git(Path.of(wt.path()), "rev-parse", "--abbrev-ref", "HEAD").strip())
                .isEqualTo("topic/one");
        assertThat(upstreamOf(wt.path()).exitCode()).isNotZero();
        assertThat(repoGit("config", "--get", "branch.topic/one.podbenchBase").strip()).isEqualTo("main");
    }

    @Test
    void existingRemoteBranchGetsALocalBranchTrackingIt() throws IOException {
        Worktree wt = create("s2", "feature/x", "main");

        assertThat(wt.createdBranch()).isTrue();
        assertThat(wt.baseRef()).isEqualTo(origin.originSha("feature/x"));
        assertThat(Path.of(wt.path()).resolve("feature.txt")).exists();
        assertThat(upstreamOf(wt.path()).stdout().strip()).isEqualTo("origin/feature/x");
    }

    @Test
    void existingLocalBranchIsCheckedOutAsItIs() throws IOException {
        Worktree first = create("s1", "topic", "main");
        commitIn(first.path(), "work.txt", "local work");
        String localSha = GitFixture.git(Path.of(first.path()), "rev-parse", "HEAD").strip();
        worktrees.remove(pod, first.path()).await().atMost(WAIT);

        Worktree again = create("s3", "topic", "main");

        assertThat(again.createdBranch()).isFalse();
        assertThat(again.baseRef()).isEqualTo(localSha);
        assertThat(Path.of(again.path()).resolve("work.txt")).exists();
    }

    @Test
    void theDefaultBranchItselfCanBeASessionBranch() throws IOException {
        // the bare clone has no checkout, so main is not occupied
        Worktree wt = create("m", "main", "main");
        assertThat(wt.createdBranch()).isTrue();
        assertThat(upstreamOf(wt.path()).stdout().strip()).isEqualTo("origin/main");
    }

    @Test
    void everyGitCallGoesThroughRunWithHardenedEnvironment() {
        List<Command> seen = new CopyOnWriteArrayList<>();
        WorkspaceRuntime recording = new WorkspaceRuntime() {
            @Override
            public String kind() {
                return "recording";
            }

            @Override
            public Uni<PodRef> ensurePod(RepositorySpec repository) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Uni<Void> deletePod(PodRef p) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Uni<CommandResult> run(PodRef p, Command command) {
                seen.add(command);
                return runtime.run(p, command);
            }

            @Override
            public Uni<ProcessStream> start(PodRef p, Command command) {
                throw new UnsupportedOperationException();
            }
        };
        Worktrees onlyRun = new Worktrees(recording, GitEnvironment.LOCAL_PROTOCOLS, Duration.ofMinutes(1),
                Duration.ofMinutes(1));

        Worktree wt = onlyRun.create(pod, new WorktreeRequest("r1", "topic", "main")).await().atMost(WAIT);
        onlyRun.status(pod, wt.path()).await().atMost(WAIT);
        onlyRun.remove(pod, wt.path()).await().atMost(WAIT);

        assertThat(seen).isNotEmpty().allSatisfy(c -> {
            assertThat(c.argv().get(0)).isEqualTo("git");
            assertThat(c.tty()).isNull();
            assertThat(c.timeout()).isNotNull();
            assertThat(c.env()).containsEntry("GIT_TERMINAL_PROMPT", "0")
                    .containsEntry("GIT_ALLOW_PROTOCOL", GitEnvironment.LOCAL_PROTOCOLS);
        });
        assertThat(seen).filteredOn(c -> c.argv().size() > 2 && c.argv().get(1).equals("worktree")
                && !c.argv().get(2).equals("list") && !c.argv().get(2).equals("prune"))
                .hasSize(2)
                .allSatisfy(c -> assertThat(c.argv()).contains("--"));
    }

    @Test
    void aBranchCheckedOutElsewhereIsRefused() throws IOException {
        Worktree first = create("s1", "topic", "main");

        assertThatThrownBy(() -> create("s4", "topic", "main"))
                .isInstanceOf(BranchInUseException.class)
                .satisfies(e -> {
                    BranchInUseException inUse = (BranchInUseException) e;
                    assertThat(inUse.worktreePath()).isEqualTo(first.path());
                    assertThat(inUse.branch()).isEqualTo("topic");
                    assertThat(inUse.getMessage()).contains(first.path());
                });
        assertThat(Path.of(pod.worktreesPath()).resolve("s4")).doesNotExist();
    }

    @Test
    void aBranchUsedByAWorktreeGitKnowsButWeDidNotCreateIsReportedWithItsPath() throws IOException {
        Path foreign = Path.of(pod.worktreesPath()).resolve("manual");
        GitFixture.git(Path.of(pod.repositoryPath()), "worktree", "add", "--track", "-b", "feature/x", "--",
                foreign.toString(), "refs/remotes/origin/feature/x");

        assertThatThrownBy(() -> create("s5", "feature/x", "main"))
                .isInstanceOfSatisfying(BranchInUseException.class,
                        e -> assertThat(e.worktreePath()).isEqualTo(foreign.toString()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "-x", "--upload-pack=evil", "a..b", "../../etc", "foo.lock", "a b", "refs/heads/x", "@{1}",
            "", " ", "HEAD", "x/", "a\u0000b", "-", "@{-1}", "x~1", "x:y" })
    void invalidBranchNamesAreRefusedAndNothingIsCreated(String name) throws IOException {
        String refsBefore = repoGit("for-each-ref");

        assertThatThrownBy(() -> create("bad", name, "main")).isInstanceOf(InvalidBranchNameException.class)
                .hasMessageContaining("invalid branch name");
        assertThatThrownBy(() -> create("bad", "fine", name)).isInstanceOf(InvalidBranchNameException.class);

        assertThat(Path.of(pod.worktreesPath()).resolve("bad")).doesNotExist();
        try (var entries = Files.list(Path.of(pod.worktreesPath()))) {
            assertThat(entries).isEmpty();
        }
        assertThat(repoGit("for-each-ref")).isEqualTo(refsBefore);
        assertThat(repoGit("for-each-ref", "refs/heads/")).isEmpty();
    }

    @Test
    void nullBranchIsRefused() {
        assertThatThrownBy(() -> create("bad", null, "main")).isInstanceOf(InvalidBranchNameException.class);
    }

    @Test
    void gitsOwnRulesDecideBeyondTheJavaPreCheck() {
        // passes Podbench's own checks ...
        Worktrees.validateBranchNameSyntax("foo.lock");
        Worktrees.validateBranchNameSyntax("x~1");
        // ... but git refuses it
        assertThatThrownBy(() -> worktrees.validateBranchName(pod, "foo.lock").await().atMost(WAIT))
                .isInstanceOf(InvalidBranchNameException.class);
        worktrees.validateBranchName(pod, "feature/ok-1.2_3").await().atMost(WAIT);
    }

    @Test
    void invalidDirectoryNamesAreRefused() {
        for (String dir : new String[] { "../x", ".hidden", "-x", "a/b", "", "a b" }) {
            assertThatThrownBy(() -> new WorktreeRequest(dir, "topic", "main"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aMissingBaseBranchIsReported() {
        assertThatThrownBy(() -> create("s1", "topic", "no-such-base"))
                .isInstanceOfSatisfying(BranchNotFoundException.class,
                        e -> assertThat(e.branch()).isEqualTo("no-such-base"));
        assertThatThrownBy(() -> create("s1", "topic", null)).isInstanceOf(BranchNotFoundException.class);
    }

    @Test
    void anExistingDirectoryIsNotOverwritten() throws IOException {
        Path dir = Path.of(pod.worktreesPath()).resolve("taken");
        GitFixture.write(dir.resolve("keep.txt"), "mine");
        assertThatThrownBy(() -> create("taken", "topic", "main")).isInstanceOf(GitCommandException.class);
        assertThat(dir.resolve("keep.txt")).hasContent("mine");
        // the base recorded alongside the failed worktree was taken back
        assertThat(GitFixture.tryGit(Path.of(pod.repositoryPath()), "config", "--get", "branch.topic.podbenchBase")
                .exitCode()).isNotZero();
    }

    @Test
    void concurrentCreatesOnOnePodAllSucceed() throws IOException {
        // new branches, branches tracking origin and a local one at once: git's config lock is the contended one
        Worktree existing = create("c-local", "topic-local", "main");
        worktrees.remove(pod, existing.path()).await().atMost(WAIT);
        GitFixture.git(origin.author, "push", "-q", "origin", "main:refs/heads/remote-1", "main:refs/heads/remote-2");
        List<String> branches = List.of("topic-0", "topic-1", "topic-2", "topic-3", "remote-1", "remote-2", "topic-local");
        List<CompletableFuture<Worktree>> calls = new ArrayList<>();
        for (int i = 0; i < branches.size(); i++) {
            calls.add(worktrees.create(pod, new WorktreeRequest("c" + i, branches.get(i), "main"))
                    .subscribeAsCompletionStage());
        }
        // fetches in between: a fetch must never meet a worktree that is still being added (its HEAD is a placeholder)
        List<CompletableFuture<Void>> fetches = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            origin.pushCommit("main", "f" + i + ".txt", "pushed during the creates " + i);
            fetches.add(worktrees.fetch(pod).subscribeAsCompletionStage());
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).orTimeout(120, TimeUnit.SECONDS).join();
        CompletableFuture.allOf(fetches.toArray(CompletableFuture[]::new)).orTimeout(120, TimeUnit.SECONDS).join();
        List<WorktreeInfo> list = worktrees.list(pod).await().atMost(WAIT);
        assertThat(list).extracting(WorktreeInfo::branch).containsAll(branches);
        for (int i = 0; i < 4; i++) {
            assertThat(repoGit("config", "--get", "branch.topic-" + i + ".podbenchBase").strip()).isEqualTo("main");
        }
        assertThat(upstreamOf(calls.get(4).join().path()).stdout().strip()).isEqualTo("origin/remote-1");
        assertThat(upstreamOf(calls.get(5).join().path()).stdout().strip()).isEqualTo("origin/remote-2");
    }

    @Test
    void concurrentCreatesOfOneBranchGiveItToOneOfThem() {
        List<CompletableFuture<Worktree>> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(worktrees.create(pod, new WorktreeRequest("same" + i, "topic", "main"))
                    .subscribeAsCompletionStage());
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                .orTimeout(120, TimeUnit.SECONDS).join();
        assertThat(calls).filteredOn(c -> !c.isCompletedExceptionally()).hasSize(1);
        for (CompletableFuture<Worktree> call : calls) {
            if (call.isCompletedExceptionally()) {
                assertThatThrownBy(call::join).hasCauseInstanceOf(BranchInUseException.class);
            }
        }
    }

    @Test
    void aCreateSeesWhatWasPushedBeforeItWhileAnotherCreateIsFetching() throws IOException {
        CompletableFuture<Worktree> early = worktrees.create(pod, new WorktreeRequest("early", "topic-early", "main"))
                .subscribeAsCompletionStage();
        String pushed = origin.pushCommit("main", "pushed.txt", "pushed while the first start fetches");
        Worktree late = create("late", "topic-late", "main");
        early.orTimeout(120, TimeUnit.SECONDS).join();
        assertThat(late.baseRef()).isEqualTo(pushed);
    }

    // ------------------------------------------------------------------------------------------------ status

    @Test
    void statusOfANewBranchComparesWithOriginBase() throws IOException {
        Worktree wt = create("s1", "topic", "main");
        Path dir = Path.of(wt.path());
        commitIn(wt.path(), "done.txt", "first local commit");
        commitIn(wt.path(), "done2.txt", "second local commit");
        GitFixture.write(dir.resolve("README.md"), "changed\n");
        GitFixture.write(dir.resolve("untracked.txt"), "new\n");
        GitFixture.write(dir.resolve("staged.txt"), "staged\n");
        GitFixture.git(dir, "add", "staged.txt");
        GitFixture.git(dir, "mv", "main.txt", "renamed.txt");
        origin.pushCommit("main", "upstream.txt", "someone else on main");
        worktrees.fetch(pod).await().atMost(WAIT);

        WorktreeStatus status = worktrees.status(pod, wt.path()).await().atMost(WAIT);

        assertThat(status.branch()).isEqualTo("topic");
        assertThat(status.dirtyFiles()).containsExactlyInAnyOrder(
                new DirtyFile("README.md", " M"),
                new DirtyFile("untracked.txt", "??"),
                new DirtyFile("staged.txt", "A "),
                new DirtyFile("renamed.txt", "R ", "main.txt"));
        assertThat(status.unpushedCommits()).extracting(Commit::subject)
                .containsExactly("second local commit", "first local commit");
        assertThat(status.unpushedCommits().get(0).sha()).hasSize(40);
        assertThat(status.ahead()).isEqualTo(2);
        assertThat(status.behind()).isEqualTo(1);
        assertThat(status.comparedTo()).isEqualTo("origin/main");
    }

    @Test
    void statusOfATrackingBranchComparesWithItsUpstream() throws IOException {
        Worktree wt = create("s2", "feature/x", "main");
        commitIn(wt.path(), "mine.txt", "my feature commit");
        origin.pushCommit("feature/x", "theirs.txt", "their feature commit");
        origin.pushCommit("feature/x", "theirs2.txt", "another feature commit");
        worktrees.fetch(pod).await().atMost(WAIT);

        WorktreeStatus status = worktrees.status(pod, wt.path()).await().atMost(WAIT);

        assertThat(status.branch()).isEqualTo("feature/x");
        assertThat(status.clean()).isTrue();
        assertThat(status.unpushedCommits()).extracting(Commit::subject).containsExactly("my feature commit");
        assertThat(status.ahead()).isEqualTo(1);
        assertThat(status.behind()).isEqualTo(2);
        assertThat(status.comparedTo()).isEqualTo("origin/feature/x");
    }

    @Test
    void statusOfAFreshWorktreeIsClean() {
        Worktree wt = create("s1", "topic", "main");
        WorktreeStatus status = worktrees.status(pod, wt.path()).await().atMost(WAIT);
        assertThat(status).isEqualTo(new WorktreeStatus("topic", List.of(), List.of(), 0, 0, "origin/main"));
    }

    @Test
    void pushingANewBranchSetsItsUpstream() throws IOException {
        Worktree wt = create("s1", "topic", "main");
        commitIn(wt.path(), "p.txt", "to be pushed");
        GitFixture.git(Path.of(wt.path()), "push", "-q");

        WorktreeStatus status = worktrees.status(pod, wt.path()).await().atMost(WAIT);
        assertThat(status.comparedTo()).isEqualTo("origin/topic");
        assertThat(status.unpushedCommits()).isEmpty();
        assertThat(status.ahead()).isZero();
    }

    @Test
    void statusRefusesPathsOutsideTheWorktreesDirectory() {
        for (String path : new String[] { "/etc", pod.repositoryPath(), pod.worktreesPath() + "/../repo.git",
                pod.worktreesPath() + "/a/b", pod.worktreesPath() }) {
            assertThatThrownBy(() -> worktrees.status(pod, path).await().atMost(WAIT))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    // ------------------------------------------------------------------------------------------------ remove, list

    @Test
    void removeKeepsTheBranchAndItsCommitsAndIsIdempotent() throws IOException {
        Worktree wt = create("s1", "topic", "main");
        commitIn(wt.path(), "kept.txt", "kept commit");
        String sha = GitFixture.git(Path.of(wt.path()), "rev-parse", "HEAD").strip();
        GitFixture.write(Path.of(wt.path()).resolve("dirty.txt"), "uncommitted");

        worktrees.remove(pod, wt.path()).await().atMost(WAIT);

        assertThat(Path.of(wt.path())).doesNotExist();
        assertThat(repoGit("rev-parse", "refs/heads/topic").strip()).isEqualTo(sha);
        assertThat(worktrees.list(pod).await().atMost(WAIT)).extracting(WorktreeInfo::path)
                .doesNotContain(wt.path());
        worktrees.remove(pod, wt.path()).await().atMost(WAIT);
        worktrees.remove(pod, pod.worktreesPath() + "/never-existed").await().atMost(WAIT);
    }

    @Test
    void removeCleansUpAWorktreeWhoseDirectoryVanished() throws IOException {
        Worktree wt = create("s1", "topic", "main");
        deleteTree(Path.of(wt.path()));
        worktrees.remove(pod, wt.path()).await().atMost(WAIT);
        assertThat(worktrees.list(pod).await().atMost(WAIT)).extracting(WorktreeInfo::path)
                .doesNotContain(wt.path());
        // the branch is free again
        assertThat(create("s2", "topic", "main").createdBranch()).isFalse();
    }

    @Test
    void listShowsTheBareRepositoryAndTheWorktrees() {
        Worktree a = create("s1", "topic", "main");
        Worktree b = create("s2", "feature/x", "main");

        List<WorktreeInfo> list = worktrees.list(pod).await().atMost(WAIT);

        assertThat(list).hasSize(3);
        assertThat(list.get(0).bare()).isTrue();
        assertThat(list.get(0).path()).isEqualTo(pod.repositoryPath());
        assertThat(list).filteredOn(w -> !w.bare())
                .extracting(WorktreeInfo::path, WorktreeInfo::branch, WorktreeInfo::head)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple(a.path(), "topic", a.baseRef()),
                        org.assertj.core.groups.Tuple.tuple(b.path(), "feature/x", b.baseRef()));
    }

    @Test
    void remoteBranchesFollowFetchIncludingPrune() throws IOException {
        assertThat(worktrees.remoteBranches(pod).await().atMost(WAIT)).containsExactly("feature/x", "main");

        origin.pushCommit("main", "x.txt", "x");
        GitFixture.git(origin.author, "push", "-q", "origin", "main:refs/heads/release/1");
        GitFixture.git(origin.author, "push", "-q", "origin", "--delete", "feature/x");
        worktrees.fetch(pod).await().atMost(WAIT);

        assertThat(worktrees.remoteBranches(pod).await().atMost(WAIT)).containsExactly("main", "release/1");
    }

    @Test
    void fetchFailureIsReported() throws IOException {
        repoGit("config", "remote.origin.url", tmp.resolve("gone.git").toString());
        assertThatThrownBy(() -> worktrees.fetch(pod).await().atMost(WAIT))
                .isInstanceOf(GitCommandException.class).hasMessageContaining("fetch");
    }

    @Test
    void remoteProtocolsAreRestrictedByDefaultOutsideTheLocalRuntime() throws IOException {
        Worktrees strict = new Worktrees(runtime, GitEnvironment.REMOTE_PROTOCOLS, Duration.ofMinutes(1),
                Duration.ofMinutes(1));
        assertThatThrownBy(() -> strict.fetch(pod).await().atMost(WAIT))
                .isInstanceOf(GitCommandException.class);
        repoGit("config", "remote.origin.url", "ext::sh -c touch% /tmp/podbench-pwned");
        assertThatThrownBy(() -> worktrees.fetch(pod).await().atMost(WAIT))
                .isInstanceOf(GitCommandException.class);
        assertThat(Path.of("/tmp/podbench-pwned")).doesNotExist();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
