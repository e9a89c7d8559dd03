package dev.podbench.workspace.git;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import dev.podbench.workspace.PodRef;
import io.smallrye.mutiny.Uni;

/** Reads a worktree's state; read-only, and git is told not to take optional locks. */
final class WorktreeStatusReader {

    private final PodGit git;
    private final Duration commandTimeout;

    WorktreeStatusReader(PodGit git, Duration commandTimeout) {
        this.git = git;
        this.commandTimeout = commandTimeout;
    }

    /**
     * The state of a worktree: branch, uncommitted changes, unpushed commits and ahead/behind counts (see
     * {@link WorktreeStatus}). Read-only; git is told not to take optional locks.
     */
    /** {@code path} is a checked worktree path. */
    Uni<WorktreeStatus> status(PodRef pod, String path) {
        return Uni.createFrom().deferred(() -> {
            return git.git(pod, path, commandTimeout, 4 << 20, "status", "--porcelain=v1", "-z", "--branch")
                    .chain(result -> {
                        if (!result.succeeded()) {
                            return Uni.createFrom().failure(
                                    new GitCommandException(List.of("git", "status"), result.exitCode(),
                                            result.stderr()));
                        }
                        GitParsers.Status s = GitParsers.parseStatus(result.stdout(), result.truncated());
                        if (s.unborn()) {
                            return Uni.createFrom().item(new WorktreeStatus(s.branch(), s.files(), List.of(), 0, 0,
                                    null));
                        }
                        if (s.upstream() != null && !s.upstreamGone()) {
                            return compare(pod, path, s, "@{upstream}", s.upstream(), "@{upstream}..HEAD");
                        }
                        return baseRef(pod, path, s.branch()).chain(base -> compare(pod, path, s,
                                base.map(b -> b[0]).orElse(null), base.map(b -> b[1]).orElse(null), null));
                    });
        });
    }

    /** [full ref, short name] of what a branch without upstream is compared with. */
    private Uni<Optional<String[]>> baseRef(PodRef pod, String path, String branch) {
        Uni<Optional<String>> configured = branch == null ? Uni.createFrom().item(Optional.empty())
                : git.git(pod, path, commandTimeout, "config", "--get", "--", "branch." + branch + "." + Worktrees.BASE_CONFIG)
                        .map(r -> r.succeeded() && !r.stdout().isBlank() ? Optional.of(r.stdout().strip())
                                : Optional.empty());
        return configured.chain(base -> {
            if (base.isPresent() && !base.get().startsWith("-")) {
                String ref = "refs/remotes/origin/" + base.get();
                return git.resolve(pod, commandTimeout, ref).chain(sha -> sha.isPresent()
                        ? Uni.createFrom().item(Optional.of(new String[] { ref, "origin/" + base.get() }))
                        : originHead(pod, path));
            }
            return originHead(pod, path);
        });
    }

    private Uni<Optional<String[]>> originHead(PodRef pod, String path) {
        return git.git(pod, path, commandTimeout, "symbolic-ref", "--quiet", "--", "refs/remotes/origin/HEAD")
                .map(r -> {
                    String ref = r.stdout().strip();
                    if (!r.succeeded() || !ref.startsWith("refs/remotes/")) {
                        return Optional.empty();
                    }
                    return Optional.of(new String[] { ref, ref.substring("refs/remotes/".length()) });
                });
    }

    /**
     * @param against   rev to count ahead/behind against, or null
     * @param unpushed  log range of unpushed commits, or null for "on no origin/* branch"
     */
    private Uni<WorktreeStatus> compare(PodRef pod, String path, GitParsers.Status s, String against,
            String againstName, String unpushedRange) {
        List<String> logArgs = new ArrayList<>(List.of("log", "--format=%H%x00%s", "-n",
                Integer.toString(Worktrees.MAX_LISTED_COMMITS)));
        if (unpushedRange != null) {
            logArgs.add(unpushedRange);
        } else {
            logArgs.addAll(List.of("HEAD", "--not", "--remotes=origin"));
        }
        logArgs.add("--");
        Uni<List<Commit>> unpushed = git.gitOk(pod, path, commandTimeout, logArgs.toArray(String[]::new))
                .map(r -> GitParsers.parseCommits(r.stdout()));
        Uni<int[]> counts = against == null ? Uni.createFrom().item((int[]) null)
                : git.gitOk(pod, path, commandTimeout, "rev-list", "--left-right", "--count", "HEAD..." + against, "--")
                        .map(r -> GitParsers.parseLeftRight(r.stdout()));
        return unpushed.chain(commits -> counts.map(c -> new WorktreeStatus(s.branch(), s.files(), commits,
                c == null ? commits.size() : c[0], c == null ? 0 : c[1], c == null ? null : againstName)));
    }
}
