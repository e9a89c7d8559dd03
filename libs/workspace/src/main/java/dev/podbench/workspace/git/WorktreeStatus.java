package dev.podbench.workspace.git;

import java.util.List;

/**
 * The state of a session's worktree.
 *
 * @param branch          the checked-out branch, or {@code null} when HEAD is detached
 * @param dirtyFiles      uncommitted changes (staged, unstaged, untracked, conflicted)
 * @param unpushedCommits commits not on the upstream; without an upstream, commits on no {@code origin/*} branch
 *                        (newest first, at most {@link Worktrees#MAX_LISTED_COMMITS})
 * @param ahead           commits on HEAD and not on {@code comparedTo}
 * @param behind          commits on {@code comparedTo} and not on HEAD
 * @param comparedTo      what ahead/behind are counted against: the upstream (e.g. {@code origin/feature/x}), else
 *                        {@code origin/<base branch>}; {@code null} when there is nothing to compare with
 */
public record WorktreeStatus(String branch, List<DirtyFile> dirtyFiles, List<Commit> unpushedCommits, int ahead,
        int behind, String comparedTo) {

    public WorktreeStatus {
        dirtyFiles = List.copyOf(dirtyFiles);
        unpushedCommits = List.copyOf(unpushedCommits);
    }

    public boolean clean() {
        return dirtyFiles.isEmpty();
    }
}
