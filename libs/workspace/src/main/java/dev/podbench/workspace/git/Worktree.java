package dev.podbench.workspace.git;

/**
 * A worktree {@link Worktrees#create} made.
 *
 * @param path          absolute path of the worktree inside the pod
 * @param branch        the branch checked out in it
 * @param baseRef       the commit (full sha) the worktree started at
 * @param createdBranch whether the local branch was created for it (from origin's branch or from the base)
 */
public record Worktree(String path, String branch, String baseRef, boolean createdBranch) {
}
