package dev.podbench.workspace.git;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;


import dev.podbench.workspace.AsyncKeyedLock;
import dev.podbench.workspace.CommandResult;
import dev.podbench.workspace.FreshRuns;
import dev.podbench.workspace.PodRef;
import dev.podbench.workspace.WorkspaceRuntime;
import io.smallrye.mutiny.Uni;

/**
 * Session worktrees, built only on {@link WorkspaceRuntime#run}: the same code drives the {@code local} and the
 * {@code kubernetes} runtime. Every git call is an argv (no shell), with {@link GitEnvironment#hardened} variables,
 * {@code --} before positional arguments, and user values checked not to start with {@code -}.
 *
 * <p>Concurrency on a pod (one instance per service: its locks are its own), without any thread waiting: a fetch is shared by the
 * callers that arrive while one is queued ({@link FreshRuns}: never one that began before the caller asked), so
 * concurrent session starts cost one or two fetches, not one each. Fetches, worktree additions and removals still
 * take turns under an asynchronous per-pod lock: a fetch checks connectivity from every worktree's {@code HEAD},
 * and a worktree being added has a placeholder one ({@code fatal: bad object worktrees/<id>/HEAD}). Config writes
 * (the recorded base) have a lock of their own and overlap the worktree addition. Should a git lock still be busy
 * (a user running git in a terminal), the command is retried a few times.
 *
 * <p>Branch policy of {@link #create}:
 * <ol>
 * <li>the branch exists locally: it is checked out as it is (the fetch does not move local branches);</li>
 * <li>{@code origin/<branch>} exists: a local branch is created from it, tracking it;</li>
 * <li>otherwise a new branch starts at the freshly fetched {@code origin/<baseBranch>}, <em>without</em> an
 * upstream (so status compares it with {@code origin/<baseBranch>}, remembered in the repository config as
 * {@code branch.<name>.podbenchBase}). The first push sets the upstream: the {@code local} runtime turns on
 * {@code push.autoSetupRemote}, otherwise use {@code git push -u origin <branch>}.</li>
 * </ol>
 * Existing branches are never reset or force-deleted (no {@code -B}, no {@code --force} on add).
 */
public final class Worktrees {

    /** At most this many unpushed commits are listed by {@link #status}. */
    public static final int MAX_LISTED_COMMITS = 200;
    static final String BASE_CONFIG = "podbenchBase";
    private static final String CONFIG_LOCK = "config";
    private static final String POD_LOCK = "worktrees";

    private static final long MAINTENANCE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(10);
    private static final int MAX_ACCEPTED_NAMES = 4096;
    private static final Pattern IN_USE = Pattern.compile(
            "(?:already checked out at|already used by worktree at|is already checked out at) '([^']*)'");
    private static final int MAX_BRANCH_LENGTH = 200;

    private final WorkspaceRuntime runtime;
    private final String allowedProtocols;
    private final PodGit git;
    private final WorktreeStatusReader statusReader;
    private final Duration commandTimeout;
    private final Duration fetchTimeout;
    private final AsyncKeyedLock podLocks = new AsyncKeyedLock();
    private final FreshRuns fetches = new FreshRuns();
    /** Pod key → when a fetch last ran git's automatic maintenance (the others skip it: it costs a process). */
    private final Map<String, Long> lastMaintenance = new ConcurrentHashMap<>();
    /** Branch names git has accepted (its rules do not depend on the repository); bounded, cleared when full. */
    private final Set<String> acceptedNames = ConcurrentHashMap.newKeySet();

    /**
     * Worktrees on {@code runtime}; git may use local paths / {@code file://} remotes only on the {@code local}
     * runtime.
     */
    public Worktrees(WorkspaceRuntime runtime) {
        this(runtime, "local".equals(runtime.kind()) ? GitEnvironment.LOCAL_PROTOCOLS
                : GitEnvironment.REMOTE_PROTOCOLS, Duration.ofMinutes(2), Duration.ofMinutes(10));
    }

    /**
     * @param allowedProtocols value of {@code GIT_ALLOW_PROTOCOL}
     * @param commandTimeout   limit for local git commands
     * @param fetchTimeout     limit for {@code git fetch}
     */
    public Worktrees(WorkspaceRuntime runtime, String allowedProtocols, Duration commandTimeout, Duration fetchTimeout) {
        this.runtime = runtime;
        this.allowedProtocols = allowedProtocols;
        this.git = new PodGit(runtime, allowedProtocols);
        this.statusReader = new WorktreeStatusReader(git, commandTimeout);
        this.commandTimeout = commandTimeout;
        this.fetchTimeout = fetchTimeout;
    }

    // ------------------------------------------------------------------------------------------------ branch names

    /**
     * Podbench's own, stricter checks, done in Java without running anything: not empty, no leading {@code -}, no
     * {@code refs/} prefix (give the branch's short name), no {@code ..}, no whitespace or control characters, at
     * most 200 characters. {@link #validateBranchName(PodRef, String)} adds git's rules.
     *
     * @throws InvalidBranchNameException if the name is refused
     */
    public static void validateBranchNameSyntax(String name) {
        if (name == null || name.isBlank()) {
            throw new InvalidBranchNameException(name, "a branch name must not be empty");
        }
        if (name.startsWith("-")) {
            throw new InvalidBranchNameException(name, "a branch name must not start with '-'");
        }
        if (name.startsWith("refs/")) {
            throw new InvalidBranchNameException(name, "give the branch name without 'refs/'");
        }
        if (name.contains("..")) {
            throw new InvalidBranchNameException(name, "a branch name must not contain '..'");
        }
        if (name.length() > MAX_BRANCH_LENGTH) {
            throw new InvalidBranchNameException(name, "a branch name must be at most " + MAX_BRANCH_LENGTH
                    + " characters long");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new InvalidBranchNameException(name, "a branch name must not contain spaces or control characters");
            }
        }
    }

    /**
     * Checks a branch name: {@link #validateBranchNameSyntax} first, then git's own rules
     * ({@code git check-ref-format --branch}, run in the pod). Names git would expand (like {@code @{-1}}) are refused.
     * Fails with {@link InvalidBranchNameException}.
     */
    public Uni<Void> validateBranchName(PodRef pod, String name) {
        return Uni.createFrom().deferred(() -> {
            validateBranchNameSyntax(name);
            if (acceptedNames.contains(name)) {
                return Uni.createFrom().voidItem();
            }
            // check-ref-format takes no "--"; the name cannot start with '-' (checked above)
            return git.git(pod, pod.repositoryPath(), commandTimeout, "check-ref-format", "--branch", name)
                    .map(result -> {
                        if (!result.succeeded()) {
                            throw new InvalidBranchNameException(name, "git does not accept it as a branch name");
                        }
                        if (!result.stdout().strip().equals(name)) {
                            throw new InvalidBranchNameException(name, "git would read it as '"
                                    + result.stdout().strip() + "'");
                        }
                        if (acceptedNames.size() >= MAX_ACCEPTED_NAMES) {
                            acceptedNames.clear();
                        }
                        acceptedNames.add(name);
                        return null;
                    });
        }).replaceWithVoid();
    }

    // ------------------------------------------------------------------------------------------------ operations

    /**
     * {@code git fetch --prune origin}: completes once a fetch that started after this call has finished, possibly
     * shared with other callers (see the class comment).
     */
    public Uni<Void> fetch(PodRef pod) {
        return fetches.run(podKey(pod) + ":" + allowedProtocols, () -> locked(pod, POD_LOCK, () -> fetchNow(pod)));
    }

    /** The absolute path a worktree directory gets inside the pod. */
    public static String worktreePath(PodRef pod, String directoryName) {
        if (directoryName == null || !WorktreeRequest.DIRECTORY_NAME.matcher(directoryName).matches()) {
            throw new IllegalArgumentException("invalid worktree directory name '" + directoryName + "'");
        }
        return stripSlash(pod.worktreesPath()) + "/" + directoryName;
    }

    /**
     * Fetches, then creates the worktree {@code <worktreesPath>/<directoryName>} on the requested branch (see the
     * class comment for the branch policy). Fails with {@link InvalidBranchNameException} (nothing created),
     * {@link BranchInUseException}, {@link BranchNotFoundException} (no base), or {@link GitCommandException}.
     */
    public Uni<Worktree> create(PodRef pod, WorktreeRequest request) {
        return create(pod, request, () -> Uni.createFrom().voidItem());
    }

    /**
     * {@link #create(PodRef, WorktreeRequest)}, running {@code fetched} once the fetch is done and before the worktree
     * is made (a caller reports its progress there); a failure of {@code fetched} creates nothing.
     */
    public Uni<Worktree> create(PodRef pod, WorktreeRequest request, Supplier<Uni<Void>> fetched) {
        return Uni.createFrom().deferred(() -> {
            String branch = request.branch();
            String base = request.baseBranch();
            validateBranchNameSyntax(branch);
            if (base != null) {
                validateBranchNameSyntax(base);
            }
            String path = worktreePath(pod, request.directoryName());
            // The fetch starts now, alongside git's verdict on the names: it only refreshes origin/*, so an invalid
            // name still creates nothing, and it is reported first, as before.
            CompletableFuture<Void> fetching = fetch(pod).subscribeAsCompletionStage();
            Uni<Void> validated = validateBranchName(pod, branch)
                    .chain(() -> base == null ? Uni.createFrom().voidItem() : validateBranchName(pod, base));
            return validated.chain(() -> Uni.createFrom().completionStage(fetching))
                    .chain(fetched::get)
                    .chain(() -> locked(pod, POD_LOCK, () -> createFetched(pod, path, branch, base)));
        });
    }

    /** Runs under the pod's lock. */
    private Uni<Worktree> createFetched(PodRef pod, String path, String branch, String base) {
        String repo = pod.repositoryPath();
        String localRef = "refs/heads/" + branch;
        String remoteRef = "refs/remotes/origin/" + branch;
        String baseRef = base == null ? null : "refs/remotes/origin/" + base;
        return git.resolveAll(pod, commandTimeout, localRef, remoteRef, baseRef).chain(refs -> {
            String local = refs.get(localRef);
            if (local != null) {
                return list(pod).chain(worktrees -> {
                    for (WorktreeInfo w : worktrees) {
                        if (branch.equals(w.branch())) {
                            return Uni.createFrom().failure(new BranchInUseException(branch, w.path()));
                        }
                    }
                    return addWorktree(pod, branch, "worktree", "add", "--", path, branch)
                            .map(v -> new Worktree(path, branch, local, false));
                });
            }
            String remote = refs.get(remoteRef);
            if (remote != null) {
                // --track writes the branch's upstream into the config
                return locked(pod, CONFIG_LOCK, () -> addWorktree(pod, branch, "worktree", "add", "--track", "-b",
                        branch, "--", path, remoteRef))
                        .map(v -> new Worktree(path, branch, remote, true));
            }
            if (base == null) {
                return Uni.createFrom().failure(new BranchNotFoundException(branch, "branch '" + branch
                        + "' exists neither locally nor on origin, and no base branch was given"));
            }
            String baseSha = refs.get(baseRef);
            if (baseSha == null) {
                return Uni.createFrom().failure(new BranchNotFoundException(base,
                        "base branch '" + base + "' does not exist on origin"));
            }
            // The base is recorded while the worktree is built (different files, different git locks), and taken
            // back should the worktree fail.
            String baseKey = "branch." + branch + "." + BASE_CONFIG;
            CompletableFuture<CommandResult> recorded = locked(pod, CONFIG_LOCK,
                    () -> git.gitRetryingOk(pod, repo, commandTimeout, "config", "--", baseKey, base))
                    .subscribeAsCompletionStage();
            return addWorktree(pod, branch, "worktree", "add", "--no-track", "-b", branch, "--", path, baseSha)
                    .onFailure().call(() -> Uni.createFrom().completionStage(recorded)
                            .chain(() -> locked(pod, CONFIG_LOCK,
                                    () -> git.git(pod, repo, commandTimeout, "config", "--unset", "--", baseKey)))
                            .onFailure().recoverWithNull())
                    .chain(() -> Uni.createFrom().completionStage(recorded))
                    .map(v -> new Worktree(path, branch, baseSha, true));
        });
    }

    private Uni<Void> addWorktree(PodRef pod, String branch, String... args) {
        return git.gitRetrying(pod, pod.repositoryPath(), commandTimeout, args).map(result -> {
            if (result.succeeded()) {
                return null;
            }
            Matcher inUse = IN_USE.matcher(result.stderr());
            if (inUse.find()) {
                throw new BranchInUseException(branch, inUse.group(1));
            }
            throw new GitCommandException(PodGit.argv(args), result.exitCode(), result.stderr());
        });
    }

    /**
     * The state of a worktree: branch, uncommitted changes, unpushed commits and ahead/behind counts (see
     * {@link WorktreeStatus}). Read-only; git is told not to take optional locks.
     */
    public Uni<WorktreeStatus> status(PodRef pod, String worktreePath) {
        return Uni.createFrom().deferred(() -> statusReader.status(pod, requireWorktreePath(pod, worktreePath)));
    }

    /**
     * Removes a worktree ({@code git worktree remove --force --force}, which also discards uncommitted changes and
     * overrides a {@code git worktree lock}), then prunes stale worktree entries. Idempotent: a worktree that is
     * already gone is fine. The branch and its commits stay.
     */
    public Uni<Void> remove(PodRef pod, String worktreePath) {
        return Uni.createFrom().deferred(() -> {
            String path = requireWorktreePath(pod, worktreePath);
            String repo = pod.repositoryPath();
            return locked(pod, POD_LOCK, () -> git.gitRetrying(pod, repo, commandTimeout, "worktree", "remove", "--force",
                    "--force", "--", path)
                    .chain(result -> {
                        if (!result.succeeded() && !result.stderr().contains("is not a working tree")) {
                            return Uni.createFrom().failure(new GitCommandException(
                                    List.of("git", "worktree", "remove"), result.exitCode(), result.stderr()));
                        }
                        return git.gitOk(pod, repo, commandTimeout, "worktree", "prune");
                    })
                    .replaceWithVoid());
        });
    }

    /** The pod's worktrees, the bare repository itself included (flagged {@link WorktreeInfo#bare()}). */
    public Uni<List<WorktreeInfo>> list(PodRef pod) {
        return git.gitOk(pod, pod.repositoryPath(), commandTimeout, "worktree", "list", "--porcelain", "-z")
                .map(r -> GitParsers.parseWorktreeList(r.stdout()));
    }

    /** Branch names on origin as of the last fetch ({@code origin/HEAD} left out), sorted. */
    public Uni<List<String>> remoteBranches(PodRef pod) {
        return git.gitOk(pod, pod.repositoryPath(), commandTimeout, "for-each-ref", "--format=%(refname:lstrip=3)",
                "--sort=refname", "refs/remotes/origin/")
                .map(r -> r.stdout().lines().filter(b -> !b.isBlank() && !b.equals("HEAD")).toList());
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    private Uni<Void> fetchNow(PodRef pod) {
        // git's automatic maintenance after a fetch costs a process even when there is nothing to do: let one fetch
        // in a while run it
        long now = System.nanoTime();
        Long last = lastMaintenance.get(podKey(pod));
        boolean maintain = last == null || now - last > MAINTENANCE_EVERY_NANOS;
        if (maintain) {
            lastMaintenance.put(podKey(pod), now);
        }
        String[] args = maintain ? new String[] { "fetch", "--quiet", "--prune", "origin" }
                : new String[] { "fetch", "--quiet", "--prune", "--no-auto-gc", "origin" };
        return git.gitRetrying(pod, pod.repositoryPath(), fetchTimeout, args)
                .map(result -> {
                    if (!result.succeeded()) {
                        throw new GitCommandException(List.of("git", "fetch", "origin"), result.exitCode(),
                                result.stderr());
                    }
                    return null;
                });
    }

    private <T> Uni<T> locked(PodRef pod, String what, Supplier<Uni<T>> action) {
        return podLocks.withLock(podKey(pod) + ":" + what, action);
    }

    private String podKey(PodRef pod) {
        return runtime.kind() + ":" + pod.name() + ":" + pod.repositoryPath();
    }

    private static String requireWorktreePath(PodRef pod, String worktreePath) {
        String prefix = stripSlash(pod.worktreesPath()) + "/";
        if (worktreePath == null || !worktreePath.startsWith(prefix)
                || !WorktreeRequest.DIRECTORY_NAME.matcher(stripSlash(worktreePath.substring(prefix.length()))).matches()) {
            throw new IllegalArgumentException("'" + worktreePath + "' is not a worktree of pod " + pod.name());
        }
        return stripSlash(worktreePath);
    }

    private static String stripSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }


}
