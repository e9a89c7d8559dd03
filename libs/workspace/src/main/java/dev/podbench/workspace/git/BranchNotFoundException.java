package dev.podbench.workspace.git;

/** A branch that had to exist (the base of a new branch) exists neither locally nor on origin. */
public class BranchNotFoundException extends WorktreeException {

    private final String branch;

    public BranchNotFoundException(String branch, String message) {
        super(message);
        this.branch = branch;
    }

    public String branch() {
        return branch;
    }
}
