package dev.podbench.workspace.git;

/**
 * A file with uncommitted changes, as {@code git status --porcelain=v1} reports it.
 *
 * @param path         path relative to the worktree root
 * @param status       the two-letter {@code XY} code (index, work tree), e.g. {@code " M"}, {@code "A "}, {@code "??"}
 * @param originalPath the path before a rename or copy, or {@code null}
 */
public record DirtyFile(String path, String status, String originalPath) {

    public DirtyFile(String path, String status) {
        this(path, status, null);
    }
}
