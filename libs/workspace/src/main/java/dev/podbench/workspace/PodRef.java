package dev.podbench.workspace;

/**
 * A repository pod as the runtime knows it.
 *
 * @param name           the pod's name (the directory name on the {@code local} runtime)
 * @param repositoryId   the repository it serves
 * @param repositoryPath absolute path of the repository clone inside the pod
 * @param worktreesPath  absolute path of the directory holding the sessions' worktrees inside the pod
 */
public record PodRef(String name, String repositoryId, String repositoryPath, String worktreesPath) {
}
