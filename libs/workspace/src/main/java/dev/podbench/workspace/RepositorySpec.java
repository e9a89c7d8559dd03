package dev.podbench.workspace;

/**
 * What a runtime needs to know to start a repository's pod.
 *
 * @param id            stable repository id (labels, directory names)
 * @param cloneUrl      validated clone URL
 * @param defaultBranch the branch new sessions start from
 * @param image         container image for the pod; {@code null} for the runtime's default (ignored on {@code local})
 */
public record RepositorySpec(String id, String cloneUrl, String defaultBranch, String image) {
}
