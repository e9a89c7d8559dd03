package dev.podbench.session.repositories;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code GET /api/repositories/{id}/branches}: the repository's default branch and the remote's branches, sorted;
 * {@code truncated} is present (and true) only when the list was cut.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RepositoryBranches(String defaultBranch, List<String> branches, Boolean truncated) {

    static RepositoryBranches of(String defaultBranch, RemoteProbe.Branches found) {
        return new RepositoryBranches(defaultBranch, found.names(), found.truncated() ? Boolean.TRUE : null);
    }
}
