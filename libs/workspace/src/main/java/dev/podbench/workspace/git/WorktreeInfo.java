package dev.podbench.workspace.git;

/**
 * One entry of {@code git worktree list --porcelain}.
 *
 * @param path     absolute path
 * @param head     the checked-out commit, or {@code null} (bare repository, unborn branch)
 * @param branch   the checked-out branch (short name, e.g. {@code feature/x}), or {@code null}
 * @param bare     the repository itself (the pod's bare clone)
 * @param detached HEAD is detached
 * @param locked   locked against pruning / removal
 * @param prunable git considers it stale (its directory is gone)
 */
public record WorktreeInfo(String path, String head, String branch, boolean bare, boolean detached, boolean locked,
        boolean prunable) {
}
