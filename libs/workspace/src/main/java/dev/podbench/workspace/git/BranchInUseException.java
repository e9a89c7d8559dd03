package dev.podbench.workspace.git;

/** The branch is already checked out in another worktree (git allows a branch in one worktree only). */
public class BranchInUseException extends WorktreeException {

    private final String branch;
    private final String worktreePath;

    public BranchInUseException(String branch, String worktreePath) {
        super("branch '" + branch + "' is already checked out in the worktree " + worktreePath);
        this.branch = branch;
        this.worktreePath = worktreePath;
    }

    public String branch() {
        return branch;
    }

    /** Where the branch is checked out. */
    public String worktreePath() {
        return worktreePath;
    }
}
