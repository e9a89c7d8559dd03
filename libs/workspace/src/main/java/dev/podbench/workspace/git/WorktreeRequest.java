package dev.podbench.workspace.git;

import java.util.regex.Pattern;

/**
 * What a session asks for.
 *
 * @param directoryName name of the worktree directory under the pod's worktrees directory (e.g. the session's short
 *                      id): letters, digits, {@code .}, {@code _}, {@code -}; not starting with {@code .} or {@code -}
 * @param branch        the branch to work on: an existing local branch, a branch on origin, or a new one
 * @param baseBranch    where a new branch starts ({@code origin/<baseBranch>}); only needed when the branch is new
 */
public record WorktreeRequest(String directoryName, String branch, String baseBranch) {

    static final Pattern DIRECTORY_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,99}");

    public WorktreeRequest {
        if (directoryName == null || !DIRECTORY_NAME.matcher(directoryName).matches()) {
            throw new IllegalArgumentException("worktree directory name must match " + DIRECTORY_NAME.pattern()
                    + ", was '" + directoryName + "'");
        }
    }
}
