package dev.podbench.session.sessions;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import static dev.podbench.contexts.Contexts.onCallerContext;

import dev.podbench.contexts.Contexts;
import dev.podbench.session.errors.InvalidInput;
import dev.podbench.session.config.PodbenchConfig;
import dev.podbench.session.git.GitCli;
import dev.podbench.session.repositories.Repository;
import dev.podbench.workspace.AsyncKeyedLock;
import dev.podbench.workspace.Command;
import dev.podbench.workspace.PodRef;
import dev.podbench.workspace.RepositorySpec;
import dev.podbench.workspace.WorkspaceRuntime;
import dev.podbench.workspace.git.InvalidBranchNameException;
import dev.podbench.workspace.git.Worktree;
import dev.podbench.workspace.git.WorktreeRequest;
import dev.podbench.workspace.git.Worktrees;
import dev.podbench.workspace.local.LocalWorkspaceRuntime;
import dev.podbench.workspace.tmux.TmuxCommands;

/**
 * What a session needs from its pod: the pod itself, a worktree, its status, and on the way out the terminals killed
 * and the worktree removed. Runtime calls complete on the runtime's threads; every result is handed back to the
 * caller's Vert.x context, where the database work that follows must run.
 */
@ApplicationScoped
public class SessionWorkspace {

    private static final Logger LOG = Logger.getLogger(SessionWorkspace.class);

    private final WorkspaceRuntime runtime;
    private final Worktrees worktrees;
    private final GitCli git;
    private final Duration podTimeout;
    private final Duration localTimeout;
    /** Pods known to be ready, by name, so serving a session costs no pod lookup (the runtime is the source of truth). */
    private final Map<String, PodRef> pods = new ConcurrentHashMap<>();
    private final AsyncKeyedLock placements = new AsyncKeyedLock();

    public SessionWorkspace(WorkspaceRuntime runtime, GitCli git, PodbenchConfig config) {
        this.runtime = runtime;
        this.git = git;
        this.podTimeout = config.git().podTimeout();
        this.localTimeout = config.git().remoteTimeout();
        this.worktrees = new Worktrees(runtime);
    }

    public String runtimeKind() {
        return runtime.kind();
    }

    /**
     * Refuses a branch name with a 400 unless git itself accepts it ({@code git check-ref-format --branch}, run on
     * this machine: the rules do not depend on the repository). Nothing is created either way.
     */
    public Uni<Void> validateBranchName(String branch) {
        try {
            Worktrees.validateBranchNameSyntax(branch);
            if ("@".equals(branch)) {
                // check-ref-format lets it through, but everywhere else git reads a lone '@' as HEAD.
                throw new InvalidBranchNameException(branch, "'@' is another name for HEAD");
            }
        } catch (InvalidBranchNameException e) {
            return Uni.createFrom().failure(invalidBranch(e.getMessage(), branch));
        }
        return onCallerContext(git.run(List.of("check-ref-format", "--branch", branch), localTimeout)).map(result -> {
            if (!result.ok()) {
                throw invalidBranch("invalid branch name '" + branch + "': git does not accept it as a branch name", branch);
            }
            if (!result.stdout().strip().equals(branch)) {
                throw invalidBranch("invalid branch name '" + branch + "': git would read it as '"
                        + result.stdout().strip() + "'", branch);
            }
            return null;
        });
    }

    /**
     * Runs a placement for the repository: one at a time per repository in this process, so each start counts the
     * sessions placed before it. {@code placement} runs on the caller's Vert.x context whichever start handed over.
     */
    public <T> Uni<T> placing(UUID repositoryId, Supplier<Uni<T>> placement) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            return placements.withLock(repositoryId.toString(), () -> caller == null ? placement.get()
                    : Uni.createFrom().voidItem().emitOn(Contexts.executor(caller))
                            .chain(placement::get));
        });
    }

    /**
     * The pod a new session of the repository goes to, given how many live sessions each of its pods holds: the
     * least-loaded pod with room, a new pod while the repository may have more, else {@code CapacityReachedException}.
     */
    public Uni<PodRef> placePod(Repository repository, Map<String, Integer> sessionsByPod) {
        return onCallerContext(runtime.ensurePod(spec(repository), sessionsByPod)).invoke(pod -> pods.put(pod.name(), pod));
    }

    /**
     * The pod a session was placed on, by its recorded name; null when that pod no longer exists (its worktrees went
     * with it). The {@code local} runtime has one pod per repository, which it prepares again if needed.
     */
    public Uni<PodRef> podOf(Repository repository, String podName) {
        PodRef known = pods.get(podName);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        if (LocalWorkspaceRuntime.KIND.equals(runtime.kind())) {
            return onCallerContext(runtime.ensurePod(spec(repository))).invoke(pod -> pods.put(pod.name(), pod));
        }
        return onCallerContext(runtime.listPods(repository.id.toString())).map(listed -> listed.stream()
                .filter(pod -> pod.name().equals(podName)).findFirst()
                .map(pod -> {
                    pods.put(pod.name(), pod);
                    return pod;
                })
                .orElse(null));
    }

    /** Forgets a pod that is being deleted, so no session is served from the stale entry. */
    public void forgetPod(String podName) {
        pods.remove(podName);
    }

    private static RepositorySpec spec(Repository repository) {
        return new RepositorySpec(repository.id.toString(), repository.cloneUrl, repository.defaultBranch, repository.image);
    }

    /**
     * Fetches and creates the session's worktree (directory named after the session id), running {@code fetched} on
     * the caller's context between the two.
     */
    public Uni<Worktree> createWorktree(PodRef pod, Session session, String defaultBranch, Supplier<Uni<Void>> fetched) {
        Context caller = Vertx.currentContext();
        Supplier<Uni<Void>> onCaller = caller == null ? fetched : () -> Contexts.on(caller, fetched);
        return onCallerContext(worktrees.create(pod, new WorktreeRequest(session.id.toString(), session.branch,
                defaultBranch), onCaller));
    }

    /** Whether a branch exists on origin as of the pod's last fetch. */
    public Uni<Boolean> onOrigin(PodRef pod, String branch) {
        return onCallerContext(worktrees.remoteBranches(pod)).map(branches -> branches.contains(branch));
    }

    public Uni<WorktreeView> status(PodRef pod, Session session) {
        return onCallerContext(worktrees.status(pod, session.worktreePath)).map(status -> new WorktreeView(
                status.branch(),
                status.dirtyFiles().stream().map(f -> new WorktreeView.DirtyFileView(f.path(), f.status())).toList(),
                status.unpushedCommits().stream().map(c -> new WorktreeView.CommitView(c.sha(), c.subject())).toList(),
                status.ahead(), status.behind(), status.comparedTo()));
    }

    /** Kills every tmux session of the Podbench session; no tmux server at all means there is nothing to kill. */
    public Uni<Void> killTerminals(PodRef pod, UUID sessionId) {
        String id = sessionId.toString();
        return onCallerContext(runtime.run(pod, tmux(pod, TmuxCommands.listSessions()))
                .flatMap(listed -> {
                    if (!listed.succeeded()) {
                        return Uni.createFrom().voidItem();
                    }
                    List<String> names = listed.stdout().lines().map(String::strip)
                            .filter(name -> !name.isEmpty() && TmuxCommands.belongsTo(name, id)).toList();
                    return Multi.createFrom().iterable(names)
                            .onItem().transformToUniAndConcatenate(name -> runtime.run(pod, tmux(pod, TmuxCommands.killSession(name)))
                                    .invoke(killed -> {
                                        if (!killed.succeeded()) {
                                            LOG.debugf("tmux kill-session %s: %s", name, killed.stderr());
                                        }
                                    }))
                            .collect().last().replaceWithVoid();
                }));
    }

    /** Removes the worktree, uncommitted changes included; the branch and its commits stay in the pod's repository. */
    public Uni<Void> removeWorktree(PodRef pod, String worktreePath) {
        return onCallerContext(worktrees.remove(pod, worktreePath));
    }

    private Command tmux(PodRef pod, List<String> argv) {
        return new Command(argv, pod.repositoryPath(), Map.of(), null, podTimeout, 64 * 1024);
    }

    private static InvalidInput invalidBranch(String message, String branch) {
        return new InvalidInput(message, Map.of("field", "branch"));
    }
}
