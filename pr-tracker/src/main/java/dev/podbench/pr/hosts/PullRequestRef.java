package dev.podbench.pr.hosts;

/**
 * Which pull request to ask a host about.
 *
 * @param namespace  GitHub owner or GitLab group path ({@code a/b})
 * @param repository the repository (GitLab project) name
 * @param number     GitHub number or GitLab IID
 */
public record PullRequestRef(String namespace, String repository, long number) {

    public String path() {
        return namespace + "/" + repository;
    }
}
