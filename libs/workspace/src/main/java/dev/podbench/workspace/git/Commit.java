package dev.podbench.workspace.git;

/** A commit: full sha and the subject line. */
public record Commit(String sha, String subject) {
}
