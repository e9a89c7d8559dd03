package dev.podbench.workspace.git;

/** Base class of the failures {@link Worktrees} reports; the message is meant for humans. */
public class WorktreeException extends RuntimeException {

    public WorktreeException(String message) {
        super(message);
    }

    public WorktreeException(String message, Throwable cause) {
        super(message, cause);
    }
}
