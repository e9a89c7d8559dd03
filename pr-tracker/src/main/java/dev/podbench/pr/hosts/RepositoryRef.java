package dev.podbench.pr.hosts;

/**
 * A repository on a Git host.
 *
 * @param namespace  GitHub owner or GitLab group path ({@code a/b})
 * @param repository the repository (GitLab project) name
 */
public record RepositoryRef(String namespace, String repository) {

    public String path() {
        return namespace + "/" + repository;
    }
}
